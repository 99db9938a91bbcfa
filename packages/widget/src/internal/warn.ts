/**
 * Tells the integrator about a misconfiguration on the console, with a stable code to search for.
 * On in every build, the single-file bundle included: it is the build integrators paste into
 * their pages, and a quiet misconfiguration (a typo in `components`) is what they need to hear
 * of. The element calls it once per element and problem. Never throws (a console replaced by
 * the host page may).
 *
 * @example
 * warn('KDI_STATUS_UNKNOWN_VARIANT', 'variant="cards" unknown; showing banner');
 */
export function warn(code: string, message: string): void {
  try {
    console.warn(`[kdi-status] ${code}: ${message}`);
  } catch {
    // Nothing to do: the host's console is not ours.
  }
}
