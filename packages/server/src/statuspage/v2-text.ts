import type { Lang } from '@kdi-status/sdk';
import type { V2Indicator } from './v2-schemas.js';

/**
 * The words of each indicator: Statuspage's own English phrases, and the Danish of
 * /work/shared/VOCABULARY.md (the status site says the same).
 */
const INDICATOR_TEXT: Record<Lang, Record<V2Indicator, string>> = {
  da: {
    none: 'Alle systemer kører',
    maintenance: 'Planlagt vedligeholdelse',
    minor: 'Mindre driftsforstyrrelse',
    major: 'Driftsforstyrrelse',
    critical: 'Nedbrud',
  },
  en: {
    none: 'All Systems Operational',
    maintenance: 'Service Under Maintenance',
    minor: 'Minor Service Outage',
    major: 'Partial System Outage',
    critical: 'Major System Outage',
  },
};

/**
 * The `description` of the page status for an indicator, in `lang`.
 *
 * @example
 * indicatorDescription('major', 'en'); // 'Partial System Outage'
 * indicatorDescription('none', 'da'); // 'Alle systemer kører'
 */
export function indicatorDescription(indicator: V2Indicator, lang: Lang): string {
  return INDICATOR_TEXT[lang][indicator];
}
