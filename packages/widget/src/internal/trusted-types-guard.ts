/**
 * Lit creates its Trusted Types policy, `lit-html`, while its module loads. On a host whose CSP
 * says `trusted-types` without that name, that throws an uncaught TypeError into the page before
 * any code of ours runs — except this module's, which the entry imports first. Until
 * {@link endTrustedTypesGuard} (called once Lit has loaded), a refusal of that one policy is
 * caught and remembered, so the define file can say why nothing shows instead of throwing.
 */
const factory = (globalThis as { trustedTypes?: { createPolicy: (name: string, rules: object) => unknown } }).trustedTypes;
const create = factory?.createPolicy;
let refused = false;
try {
  if (factory && create)
    factory.createPolicy = (name, rules) => {
      try {
        return create.call(factory, name, rules);
      } catch (error) {
        if (name !== 'lit-html') throw error;
        refused = true;
        return undefined;
      }
    };
} catch {
  // A frozen factory: Lit's own error then stands, as it would without us.
}

/**
 * Puts the host's `trustedTypes.createPolicy` back; whether the `lit-html` policy was refused.
 *
 * @example
 * if (endTrustedTypesGuard()) console.warn('[kdi-status] KDI_STATUS_TRUSTED_TYPES: …');
 */
export function endTrustedTypesGuard(): boolean {
  if (factory && create && factory.createPolicy !== create) {
    try {
      delete (factory as { createPolicy?: unknown }).createPolicy;
      if (factory.createPolicy !== create) factory.createPolicy = create;
    } catch {
      // As above.
    }
  }
  return refused;
}
