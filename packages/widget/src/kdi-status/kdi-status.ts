// First import: the guard must be in place before Lit loads (see the module).
import { endTrustedTypesGuard } from '../internal/trusted-types-guard.js';
import { warn } from '../internal/warn.js';
import KdiStatus from './kdi-status.component.js';

export * from './kdi-status.component.js';
export default KdiStatus;

/**
 * Marks every copy of our class, so a second copy (the npm build and the bundle on one page, or
 * two versions of the bundle) is told apart from someone else's element of the same name.
 * `Symbol.for`: the same key across copies and bundles.
 */
const OURS = Symbol.for('kdi-status.element');
Object.defineProperty(KdiStatus, OURS, { value: true });

/**
 * Registers `<kdi-status>` unless the name is taken. Another copy of this widget holding it is
 * fine (it works the same); anything else holding it means our element never shows, so say so on
 * the console with a code a developer can search for — never throw into the host page.
 */
function define(): void {
  if (endTrustedTypesGuard()) {
    // Lit would render through no policy, and the host forbids that: show nothing, say why.
    warn(
      'KDI_STATUS_TRUSTED_TYPES',
      `Trusted Types: allow the policy "lit-html" (and 'allow-duplicates' if Lit is on the page twice); widget not shown`,
    );
    return;
  }
  try {
    const existing = customElements.get('kdi-status');
    if (!existing) {
      customElements.define('kdi-status', KdiStatus);
    } else if (!(OURS in existing)) {
      warn('KDI_STATUS_ALREADY_DEFINED', 'the name is taken by another script; widget not shown');
    }
  } catch (error) {
    // A registry that refuses (a scoped-registry polyfill, a frozen customElements) must not break the page.
    warn('KDI_STATUS_DEFINE_FAILED', String(error));
  }
}
define();

declare global {
  interface HTMLElementTagNameMap {
    'kdi-status': KdiStatus;
  }
}
