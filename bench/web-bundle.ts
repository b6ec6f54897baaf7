// The web bundle sizes, through packages/web-provider/bench/bundle-size.ts, which bundles the
// built packages as an app's bundler would: it needs `npm run build` first, and says so.
import type { Candidate, Measure } from '../packages/web-provider/bench/bundle-size';
import {
  measureWebBundles,
  staleBuilds,
  unbuiltPackages,
} from '../packages/web-provider/bench/bundle-size';

type Bundle = Candidate & Measure;

/** The bundles, or why they were not measured; `note` also flags builds older than sources. */
export interface WebBundles {
  readonly measured:
    | {
        readonly ours: Bundle;
        /** The one the table compares with: the Flagsmith client provider on the current SDK. */
        readonly alternative: Bundle;
        readonly others: readonly Bundle[];
      }
    | undefined;
  readonly note: string | undefined;
}

/** Measures the web bundles when the packages are built. */
export async function measureWebBundlesIfBuilt(): Promise<WebBundles> {
  const unbuilt = unbuiltPackages();
  if (unbuilt.length > 0) {
    return {
      measured: undefined,
      note: `Not measured: ${unbuilt.join(', ')} not built. Run \`npm run build\`, then \`npm run bench\`.`,
    };
  }
  const stale = staleBuilds();
  const { ours, alternatives } = await measureWebBundles();
  const [alternative] = alternatives;
  if (alternative === undefined) throw new Error('bundle-size.ts lists no alternative');
  return {
    measured: { ours, alternative, others: alternatives },
    note:
      stale.length === 0
        ? undefined
        : `Note: ${stale.join(', ')} changed since the last build; these figures are of the ` +
          'build. Run `npm run build` for current ones.',
  };
}
