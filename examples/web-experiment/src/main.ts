/**
 * The shop page: Flagsmith assigns the signed-in user a `checkout_button` variant through
 * OpenFeature's web SDK, the globally registered ExposureHook records that the user saw it, and
 * the buy button records the purchase with `client.track()`. Nothing flushes events by hand: the
 * provider's event processor sends them when the page is hidden or left.
 */
import { ExposureHook, FlagsmithWebProvider } from '@flagsmith-openfeature/web-provider';
import { OpenFeature, ProviderEvents } from '@openfeature/web-sdk';

/** Shoppers to sign in as; the first three have identity overrides in the fixture environment. */
const USERS = [
  { id: 'qa_forced_green', label: 'qa_forced_green (always sees green)' },
  { id: 'vip_customer_7', label: 'vip_customer_7 (VIP banner)' },
  { id: 'legacy_user_1', label: 'legacy_user_1' },
  { id: 'shopper_1001', label: 'shopper_1001' },
  { id: 'shopper_1002', label: 'shopper_1002' },
  { id: '', label: 'nobody (environment flags)' },
];

const BUTTON_COLOURS: Record<string, string> = {
  blue: '#2563eb',
  green: '#16a34a',
  orange: '#ea580c',
};

const $ = <T extends HTMLElement>(testId: string): T => {
  const element = document.querySelector<T>(`[data-testid="${testId}"]`);
  if (element === null) throw new Error(`the page has no [data-testid="${testId}"]`);
  return element;
};

const config = __FLAGSMITH_CONFIG__;
const provider = new FlagsmithWebProvider({
  environmentKey: config.environmentKey,
  apiUrl: config.apiUrl,
  cacheFlags: true,
  enableEvents: true,
  eventProcessorConfig: { eventsApiUrl: config.eventsApiUrl },
});
// Exposures of the experiment's flag only: the banner is not part of it.
OpenFeature.addHooks(
  new ExposureHook({ eventProcessor: provider.eventProcessor, flags: ['checkout_button'] }),
);
const client = OpenFeature.getClient();

const userSelect = $<HTMLSelectElement>('user');
for (const user of USERS) userSelect.add(new Option(user.label, user.id));
const initialUser = new URL(location.href).searchParams.get('user') ?? USERS[0]?.id ?? '';
userSelect.value = initialUser;

/** The evaluation context of a user: no targetingKey means the environment's own flags. */
function contextOf(user: string) {
  return user === '' ? {} : { targetingKey: user };
}

/** Shows the current user's flags. Every evaluation is synchronous, from the provider's memory. */
function render(): void {
  $('status').textContent = client.providerStatus;
  const button = client.getStringDetails('checkout_button', 'blue');
  $('variant').textContent = button.value;
  $('reason').textContent = button.errorCode ?? button.reason ?? '';
  $('buy').style.background = BUTTON_COLOURS[button.value] ?? BUTTON_COLOURS.blue ?? '';
  $('banner').textContent = client.getStringValue('banner_text', 'Welcome to Acme Shop');
}

for (const event of [
  ProviderEvents.Ready,
  ProviderEvents.Error,
  ProviderEvents.Stale,
  ProviderEvents.Reconciling,
  ProviderEvents.ContextChanged,
  ProviderEvents.ConfigurationChanged,
]) {
  client.addHandler(event, render);
}

userSelect.addEventListener('change', () => {
  const url = new URL(location.href);
  url.searchParams.set('user', userSelect.value);
  history.replaceState(null, '', url);
  $('thanks').textContent = '';
  void OpenFeature.setContext(contextOf(userSelect.value));
});

$('buy').addEventListener('click', () => {
  client.track('purchase', { value: 99.5, currency: 'EUR' });
  $('thanks').textContent = 'Thank you! Your purchase was recorded.';
});

render();
OpenFeature.setProviderAndWait(provider, contextOf(initialUser)).catch(render);
