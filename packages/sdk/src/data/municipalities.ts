/**
 * The 98 Danish municipalities (kommuner): DAGI kommunekode (four digits) and the official short
 * name, in code order.
 *
 * Source: DAGI — Danmarks Administrative Geografiske Inddeling, kept by Klimadatastyrelsen and
 * published through Dataforsyningen (`https://api.dataforsyningen.dk/kommuner`, fields `kode` and
 * `navn`). Danmarks Statistik's KOMMUNE classification holds the same 98 codes. Christiansø
 * (`0411`) is in DAGI's list but is not a municipality (the state administers it): it is left out.
 * The list changes only by law (the last change was the 2007 reform): edit it here when it does.
 */

import type { MunicipalityCode } from '../schemas/municipality.js';

/** One municipality: its kommunekode and its name as DAGI gives it (`København`, `Nordfyns`). */
export interface Municipality {
  code: MunicipalityCode;
  name: string;
}

/**
 * Every municipality, in code order.
 *
 * @example
 * MUNICIPALITIES.length; // 98
 * MUNICIPALITIES.find((m) => m.code === '0751')?.name; // 'Aarhus'
 */
export const MUNICIPALITIES: readonly Municipality[] = Object.freeze([
  { code: '0101', name: 'København' },
  { code: '0147', name: 'Frederiksberg' },
  { code: '0151', name: 'Ballerup' },
  { code: '0153', name: 'Brøndby' },
  { code: '0155', name: 'Dragør' },
  { code: '0157', name: 'Gentofte' },
  { code: '0159', name: 'Gladsaxe' },
  { code: '0161', name: 'Glostrup' },
  { code: '0163', name: 'Herlev' },
  { code: '0165', name: 'Albertslund' },
  { code: '0167', name: 'Hvidovre' },
  { code: '0169', name: 'Høje-Taastrup' },
  { code: '0173', name: 'Lyngby-Taarbæk' },
  { code: '0175', name: 'Rødovre' },
  { code: '0183', name: 'Ishøj' },
  { code: '0185', name: 'Tårnby' },
  { code: '0187', name: 'Vallensbæk' },
  { code: '0190', name: 'Furesø' },
  { code: '0201', name: 'Allerød' },
  { code: '0210', name: 'Fredensborg' },
  { code: '0217', name: 'Helsingør' },
  { code: '0219', name: 'Hillerød' },
  { code: '0223', name: 'Hørsholm' },
  { code: '0230', name: 'Rudersdal' },
  { code: '0240', name: 'Egedal' },
  { code: '0250', name: 'Frederikssund' },
  { code: '0253', name: 'Greve' },
  { code: '0259', name: 'Køge' },
  { code: '0260', name: 'Halsnæs' },
  { code: '0265', name: 'Roskilde' },
  { code: '0269', name: 'Solrød' },
  { code: '0270', name: 'Gribskov' },
  { code: '0306', name: 'Odsherred' },
  { code: '0316', name: 'Holbæk' },
  { code: '0320', name: 'Faxe' },
  { code: '0326', name: 'Kalundborg' },
  { code: '0329', name: 'Ringsted' },
  { code: '0330', name: 'Slagelse' },
  { code: '0336', name: 'Stevns' },
  { code: '0340', name: 'Sorø' },
  { code: '0350', name: 'Lejre' },
  { code: '0360', name: 'Lolland' },
  { code: '0370', name: 'Næstved' },
  { code: '0376', name: 'Guldborgsund' },
  { code: '0390', name: 'Vordingborg' },
  { code: '0400', name: 'Bornholm' },
  { code: '0410', name: 'Middelfart' },
  { code: '0420', name: 'Assens' },
  { code: '0430', name: 'Faaborg-Midtfyn' },
  { code: '0440', name: 'Kerteminde' },
  { code: '0450', name: 'Nyborg' },
  { code: '0461', name: 'Odense' },
  { code: '0479', name: 'Svendborg' },
  { code: '0480', name: 'Nordfyns' },
  { code: '0482', name: 'Langeland' },
  { code: '0492', name: 'Ærø' },
  { code: '0510', name: 'Haderslev' },
  { code: '0530', name: 'Billund' },
  { code: '0540', name: 'Sønderborg' },
  { code: '0550', name: 'Tønder' },
  { code: '0561', name: 'Esbjerg' },
  { code: '0563', name: 'Fanø' },
  { code: '0573', name: 'Varde' },
  { code: '0575', name: 'Vejen' },
  { code: '0580', name: 'Aabenraa' },
  { code: '0607', name: 'Fredericia' },
  { code: '0615', name: 'Horsens' },
  { code: '0621', name: 'Kolding' },
  { code: '0630', name: 'Vejle' },
  { code: '0657', name: 'Herning' },
  { code: '0661', name: 'Holstebro' },
  { code: '0665', name: 'Lemvig' },
  { code: '0671', name: 'Struer' },
  { code: '0706', name: 'Syddjurs' },
  { code: '0707', name: 'Norddjurs' },
  { code: '0710', name: 'Favrskov' },
  { code: '0727', name: 'Odder' },
  { code: '0730', name: 'Randers' },
  { code: '0740', name: 'Silkeborg' },
  { code: '0741', name: 'Samsø' },
  { code: '0746', name: 'Skanderborg' },
  { code: '0751', name: 'Aarhus' },
  { code: '0756', name: 'Ikast-Brande' },
  { code: '0760', name: 'Ringkøbing-Skjern' },
  { code: '0766', name: 'Hedensted' },
  { code: '0773', name: 'Morsø' },
  { code: '0779', name: 'Skive' },
  { code: '0787', name: 'Thisted' },
  { code: '0791', name: 'Viborg' },
  { code: '0810', name: 'Brønderslev' },
  { code: '0813', name: 'Frederikshavn' },
  { code: '0820', name: 'Vesthimmerlands' },
  { code: '0825', name: 'Læsø' },
  { code: '0840', name: 'Rebild' },
  { code: '0846', name: 'Mariagerfjord' },
  { code: '0849', name: 'Jammerbugt' },
  { code: '0851', name: 'Aalborg' },
  { code: '0860', name: 'Hjørring' },
]);

const byCode: ReadonlyMap<string, Municipality> = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

/**
 * Whether `code` is one of the 98 kommunekoder (four digits alone are not enough: `0411`
 * Christiansø and `0000` are not municipalities).
 *
 * @example
 * isMunicipalityCode('0101'); // true
 * isMunicipalityCode('0411'); // false
 */
export function isMunicipalityCode(code: string): boolean {
  return byCode.has(code);
}

/**
 * The municipality with this kommunekode, or undefined.
 *
 * @example
 * municipality('0147')?.name; // 'Frederiksberg'
 */
export function municipality(code: string): Municipality | undefined {
  return byCode.get(code);
}

/** The two whose full name is not "<name> Kommune". */
const FULL_NAMES: Readonly<Record<string, string>> = { '0101': 'Københavns Kommune', '0400': 'Bornholms Regionskommune' };

/**
 * The municipality's full Danish name, as a page says "Viser status for Aarhus Kommune":
 * `<name> Kommune`, except Københavns Kommune and Bornholms Regionskommune. Undefined for an
 * unknown code.
 *
 * @example
 * municipalityFullName('0751'); // 'Aarhus Kommune'
 * municipalityFullName('0101'); // 'Københavns Kommune'
 */
export function municipalityFullName(code: string): string | undefined {
  const found = byCode.get(code);
  return found && (FULL_NAMES[code] ?? `${found.name} Kommune`);
}
