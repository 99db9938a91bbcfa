import KdiStatus from './kdi-status.component.js';

export * from './kdi-status.component.js';
export default KdiStatus;

// Two copies on one page (an npm build and the bundle, say) must not throw "already defined".
if (!customElements.get('kdi-status')) customElements.define('kdi-status', KdiStatus);

declare global {
  interface HTMLElementTagNameMap {
    'kdi-status': KdiStatus;
  }
}
