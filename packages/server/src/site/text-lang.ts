import type { Lang, LocalizedText } from '@kdi-status/sdk';

/**
 * The `lang` attribute for operator text shown in `lang`: `'da'` where an English page falls back
 * to the Danish text (WCAG 3.1.2, so a screen reader reads it as Danish), else none.
 *
 * @example
 * <p class="text" lang={textLang(update.message, lang)}>{localized(update.message, lang)}</p>
 */
export function textLang(text: LocalizedText, lang: Lang): 'da' | undefined {
  return lang === 'en' && !text.en ? 'da' : undefined;
}

/**
 * The `lang` attribute for plain operator text (a dispute's or a settlement's reason): written in
 * Danish (VOCABULARY.md), so marked `'da'` on an English page, else none.
 *
 * @example
 * <q class="text" lang={plainTextLang(lang)}>{settlement.reason}</q>
 */
export function plainTextLang(lang: Lang): 'da' | undefined {
  return lang === 'en' ? 'da' : undefined;
}
