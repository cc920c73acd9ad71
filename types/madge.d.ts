/** The part of madge's API the circular-import test uses (madge ships no types). */
declare module 'madge' {
  namespace madge {
    interface MadgeConfig {
      baseDir?: string;
      fileExtensions?: string[];
      excludeRegExp?: string[];
      tsConfig?: string;
      detectiveOptions?: Record<string, Record<string, unknown>>;
    }
    interface MadgeResult {
      circular(): string[][];
    }
  }
  function madge(path: string | string[], config?: madge.MadgeConfig): Promise<madge.MadgeResult>;
  export default madge;
}
