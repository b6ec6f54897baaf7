import type { Client } from '@openfeature/server-sdk';

/** How each checkout button converts in this simulated shop: the truth the experiment should find. */
const BEHAVIOUR: Readonly<Record<string, { conversion: number; meanBasket: number }>> = {
  blue: { conversion: 0.1, meanBasket: 50 },
  green: { conversion: 0.14, meanBasket: 52 },
  orange: { conversion: 0.1, meanBasket: 47 },
};

const PLANS = ['free', 'premium', 'business'] as const;

/** What the simulation did, to compare with what the analysis found. */
export interface SimulationSummary {
  users: number;
  purchases: number;
  servedByValue: Record<string, number>;
}

/**
 * Sends `users` shoppers through the checkout: each evaluates the experiment flag (the
 * ExposureHook records the exposure), and some buy, with a rate and basket that depend on the
 * button they saw. A seeded generator makes every run the same.
 */
export async function simulateShop(
  client: Client,
  { users, feature }: { users: number; feature: string },
): Promise<SimulationSummary> {
  const random = mulberry32(42);
  const summary: SimulationSummary = { users, purchases: 0, servedByValue: {} };
  for (let i = 0; i < users; i++) {
    // Shoppers arrive over time, not all in one tick: let the event loop deliver batches.
    if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
    const context = {
      targetingKey: `shopper_${i}`,
      plan: PLANS[i % PLANS.length] as string,
      orders: Math.floor(random() * 12),
    };
    const button = await client.getStringValue(feature, 'blue', context);
    summary.servedByValue[button] = (summary.servedByValue[button] ?? 0) + 1;
    // Users see the checkout page a few times; the hook records one exposure per user and variant.
    await client.getStringValue(feature, 'blue', context);

    const behaviour = BEHAVIOUR[button] ?? { conversion: 0.1, meanBasket: 50 };
    if (random() < behaviour.conversion) {
      const basket = Math.max(5, behaviour.meanBasket + gaussian(random) * 15);
      client.track('purchase', context, { value: Math.round(basket * 100) / 100, currency: 'EUR' });
      summary.purchases++;
    }
  }
  return summary;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
