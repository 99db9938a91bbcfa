// First import: the guard must be in place before Lit loads (see the module).
import { endTrustedTypesGuard } from '../internal/trusted-types-guard.js';
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
    console.warn(
      '[kdi-status] KDI_STATUS_TRUSTED_TYPES: this page requires Trusted Types and does not allow the policy "lit-html" ' +
        "(add it to the CSP's trusted-types directive); the driftsstatus widget is not shown.",
    );
    return;
  }
  try {
    const existing = customElements.get('kdi-status');
    if (!existing) {
      customElements.define('kdi-status', KdiStatus);
    } else if (!(OURS in existing)) {
      console.warn(
        '[kdi-status] KDI_STATUS_ALREADY_DEFINED: the element name "kdi-status" was defined by another script before this one loaded; ' +
          'the driftsstatus widget is not shown. Remove the other definition or load the widget first.',
      );
    }
  } catch (error) {
    // A registry that refuses (a scoped-registry polyfill, a frozen customElements) must not break the page.
    console.warn(`[kdi-status] KDI_STATUS_DEFINE_FAILED: <kdi-status> could not be registered: ${String(error)}`);
  }
}
define();

declare global {
  interface HTMLElementTagNameMap {
    'kdi-status': KdiStatus;
  }
}
