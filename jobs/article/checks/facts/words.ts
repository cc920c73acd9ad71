/**
 * Word tables the facts check needs and no installed library provides: spelled numbers, scale and
 * percent words, units, and French phrases whose number word is not a figure. Month and weekday
 * names are not here: `Intl.DateTimeFormat` gives them for every language (see dates.ts).
 */

/** Word numbers per language. `un/une/one/uno/ein`, and French `neuf` (also "new"), only count inside compounds. */
export const NUMBER_WORDS: Record<string, Record<string, number>> = {
  fr: {
    zéro: 0, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, dix: 10, onze: 11, douze: 12,
    treize: 13, quatorze: 14, quinze: 15, seize: 16, vingt: 20, vingts: 20, trente: 30, quarante: 40,
    cinquante: 50, soixante: 60, 'quatre-vingt': 80, 'quatre-vingts': 80, cent: 100, cents: 100, mille: 1000,
  },
  en: {
    zero: 0, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
    twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
    nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80,
    ninety: 90, hundred: 100, thousand: 1000, dozen: 12,
  },
  es: {
    dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12,
    trece: 13, catorce: 14, quince: 15, dieciséis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
    veinte: 20, veintiuno: 21, veintidós: 22, veintitrés: 23, veinticuatro: 24, veinticinco: 25, treinta: 30,
    cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90, cien: 100, ciento: 100,
    doscientos: 200, doscientas: 200, trescientos: 300, trescientas: 300, quinientos: 500, quinientas: 500, mil: 1000,
  },
  de: {
    zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10, elf: 11, zwölf: 12,
    dreizehn: 13, vierzehn: 14, fünfzehn: 15, sechzehn: 16, siebzehn: 17, achtzehn: 18, neunzehn: 19,
    zwanzig: 20, dreißig: 30, vierzig: 40, fünfzig: 50, sechzig: 60, siebzig: 70, achtzig: 80, neunzig: 90,
    hundert: 100, tausend: 1000,
  },
  it: {
    due: 2, tre: 3, quattro: 4, cinque: 5, sei: 6, sette: 7, otto: 8, nove: 9, dieci: 10, undici: 11,
    dodici: 12, tredici: 13, quattordici: 14, quindici: 15, sedici: 16, diciassette: 17, diciotto: 18,
    diciannove: 19, venti: 20, trenta: 30, quaranta: 40, cinquanta: 50, sessanta: 60, settanta: 70,
    ottanta: 80, novanta: 90, cento: 100, mille: 1000, mila: 1000,
    // Elided before a vowel: `vent’anni`, `trent’anni`.
    vent: 20, trent: 30,
  },
  pt: {
    dois: 2, duas: 2, três: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10, onze: 11,
    doze: 12, treze: 13, catorze: 14, quinze: 15, dezesseis: 16, dezasseis: 16, dezessete: 17, dezassete: 17,
    dezoito: 18, dezenove: 19, dezanove: 19, vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, sessenta: 60,
    setenta: 70, oitenta: 80, noventa: 90, cem: 100, cento: 100, mil: 1000,
  },
};

export const COMPOUND_ONLY: Record<string, Record<string, number>> = {
  fr: { un: 1, une: 1, neuf: 9, million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9 },
  en: { one: 1, million: 1e6, millions: 1e6, billion: 1e9, billions: 1e9 },
  es: { un: 1, uno: 1, una: 1, millón: 1e6, millones: 1e6 },
  de: { ein: 1, eine: 1, million: 1e6, millionen: 1e6, milliarde: 1e9, milliarden: 1e9 },
  it: { un: 1, uno: 1, una: 1, milione: 1e6, milioni: 1e6, miliardo: 1e9, miliardi: 1e9 },
  pt: { um: 1, uma: 1, milhão: 1e6, milhões: 1e6, bilhão: 1e9, bilhões: 1e9, mil: 1000 },
};

/** Joins between the words of one spelled number: `vingt et un`, `twenty-one`, `ventuno` needs none. */
export const NUMBER_JOINERS: Record<string, string> = {
  fr: 'et', en: 'and', es: 'y', de: 'und', it: 'e', pt: 'e',
};

/** Endings glued to a spelled number that keep its value: `tenfold` (German glues anything, see numbers.ts). */
export const NUMBER_SUFFIXES: Record<string, string> = { en: 'fold' };

/** Scale words after a figure: `3,4 milliards` = `3.4 billion`. */
export const SCALES: Array<[RegExp, number]> = [
  [/^(?:mille|thousands?|mil|tausend|mila)(?![\p{L}])/iu, 1e3],
  [/^(?:millions?|millón|millones|millionen|mio\.?|milion[ei]|milh(?:ão|ões))(?![\p{L}])/iu, 1e6],
  [/^(?:milliards?|billions?|bn|mrd\.?|milliarden?|miliard[oi]|bilh(?:ão|ões)|mil millones)(?![\p{L}])/iu, 1e9],
];

export const PERCENT =
  /^[ \u00A0\u202F]*(?:%|pour[ \u00A0]?cent|p\.[ \u00A0]?100|per[ \u00A0]?cent|percent|pc|por[ \u00A0]?ciento|prozent|procent|per[ \u00A0]?cento|por[ \u00A0]?cento)(?![\p{L}])/iu;

/**
 * What makes a French figure a measured quantity (hard even when small): units, currencies,
 * durations, percent. Written as they follow the figure in the answer.
 */
export const UNIT_AFTER =
  /^[ \u00A0\u202F]*(?:%|‰|°|€|\$|£|¥|(?:k|c|m|µ)?m[²³23]?(?![\p{L}])|km\/h|kg|g|t|mg|l|ml|cl|ha|kW|MW|GW|kWh|MWh|TWh|Mds?|M€|h(?![\p{L}])|min(?![\p{L}])|s(?![\p{L}])|(?:pour|per)[ \u00A0]?cent|points?|degrés?|euros?|dollars?|livres?|francs?|yens?|yuans?|roubles?|pesos?|reais|réals?|tonnes?|kilo(?:mètre|gramme|watt)s?|mètres?|litres?|hectares?|centimètres?|millimètres?|ans|années?|mois|semaines?|jours?|heures?|minutes?|secondes?|siècles?|décennies?|millions?|milliards?|fois)(?![\p{L}])/u;

/** A currency written before the figure: `$3`, `€ 40`, `US$ 2`. */
export const CURRENCY_BEFORE = /(?:[€$£¥]|US\$|R\$)[ \u00A0\u202F]?$/u;

/**
 * French phrases whose number word is no figure: `partir de zéro`, `à deux pas`. A closed list:
 * the answer is always French, and a phrase missing here only costs an unverified small count.
 */
export const FRENCH_IDIOMS =
  /(?<![\p{L}])(?:(?:re)?partir de zéro|de zéro|tolérance zéro|zéro (?:défaut|déchet|faute|pointé|carbone)|à deux pas|deux poids,? deux mesures|aux quatre coins|entre quatre yeux|en quatre|d’une pierre deux coups|à deux vitesses|en deux temps,? trois mouvements|un à un|une à une|l’un(?:e)? (?:et|ou) l’autre|au septième ciel|dans les deux sens|à double tranchant)(?![\p{L}])/giu;
