import { readFileSync } from 'node:fs';
import { articleSchema, type Article } from '../../jobs/article/contract.js';

export const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

export const articleFixture = (name: 'first-draft' | 'revised'): Article =>
  articleSchema.parse(JSON.parse(fixture(`lavrov-pyongyang.${name}.json`)));
