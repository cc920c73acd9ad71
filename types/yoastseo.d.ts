// Minimal typings for yoastseo 3.6.0 (the package ships none): only the parts Plume calls.
// The modules are CommonJS; jobs/article/checks/yoast.ts loads them with `require` so that the
// shape (`module.exports`, `.default` on the deep imports) is the same under tsx, node and tsc builds.

declare module 'yoastseo' {
  namespace yoastseo {
    interface PaperAttributes {
      keyword?: string;
      synonyms?: string;
      /** Meta description. */
      description?: string;
      /** SEO title. */
      title?: string;
      /** Width of the SEO title in pixels, as the snippet preview measures it. */
      titleWidth?: number;
      slug?: string;
      /** e.g. `fr_FR`. */
      locale?: string;
      permalink?: string;
    }

    class Paper {
      constructor(text: string, attributes?: PaperAttributes);
      getText(): string;
      getKeyword(): string;
    }

    interface WordCountResearch {
      text: string;
      count: number;
      unit: 'word' | 'character';
    }

    interface MorphologyResearch {
      /** One entry per content word of the keyphrase (function words removed), each the list of its forms. */
      keyphraseForms: string[][];
    }

    class AbstractResearcher {
      constructor(paper: Paper);
      setPaper(paper: Paper): void;
      getResearch(name: 'wordCountInText'): WordCountResearch;
      getResearch(name: 'morphology'): MorphologyResearch;
      getResearch(name: string): unknown;
      getConfig(name: string): unknown;
      getHelper(name: string): unknown;
      addResearch(name: string, research: (paper: Paper, researcher: AbstractResearcher) => unknown): void;
    }

    class AssessmentResult {
      hasScore(): boolean;
      getScore(): number;
      hasText(): boolean;
      getText(): string;
      getIdentifier(): string;
    }

    interface ScoreAggregator {
      setLocale(locale: string): void;
      aggregate(results: AssessmentResult[]): number;
    }

    class Assessor {
      constructor(researcher: AbstractResearcher, options?: Record<string, unknown>);
      assess(paper: Paper): void;
      results: AssessmentResult[];
      getValidResults(): AssessmentResult[];
      /** The assessments this assessor runs, each with its `identifier`. */
      calculateOverallScore(): number;
      getScoreAggregator(): ScoreAggregator;
      /** The assessor's own assessment objects (each has `getMarks`, for the editor's highlighting). */
      getAvailableAssessments(): Array<{ identifier: string; getMarks: (...args: unknown[]) => unknown[] }>;
    }

    class SeoAssessor extends Assessor {}
    class ContentAssessor extends Assessor {}

    const languageProcessing: {
      AbstractResearcher: typeof AbstractResearcher;
      /** Yoast's word splitter (HTML stripped, whitespace-separated, punctuation removed). */
      getWords(text: string): string[];
    };
  }

  export = yoastseo;
}

declare module 'yoastseo/build/languageProcessing/languages/fr/Researcher.js' {
  import type { AbstractResearcher } from 'yoastseo';
  const researcherModule: { default: typeof AbstractResearcher };
  export = researcherModule;
}

declare module 'yoastseo/build/languageProcessing/languages/fr/config/functionWords.js' {
  const functionWordsModule: { all: string[] };
  export = functionWordsModule;
}
