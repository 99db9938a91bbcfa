/**
 * The links a subscriber's mail carries, all made from the subscriber's one secret token: confirm
 * the sign-up (double opt-in), change or delete the subscription, unsubscribe (a page with one
 * button; RFC 8058's one-click POST goes to the same URL). The site's routes answer these paths.
 *
 * @example
 * subscriptionLinks('https://status.example', subscriber.token).unsubscribe; // 'https://status.example/abonnement/afmeld/…'
 */
export function subscriptionLinks(origin: string, token: string): { confirm: string; manage: string; unsubscribe: string } {
  const base = `${origin.replace(/\/+$/, '')}${SUBSCRIPTION_PATH}`;
  const t = encodeURIComponent(token);
  return { confirm: `${base}/bekraeft/${t}`, manage: `${base}/${t}`, unsubscribe: `${base}/afmeld/${t}` };
}

/** Where the subscription pages live: `/abonnement` (the sign-up form posts here), `/abonnement/:token`, `/abonnement/bekraeft/:token`, `/abonnement/afmeld/:token`. */
export const SUBSCRIPTION_PATH = '/abonnement';
