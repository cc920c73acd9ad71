/**
 * The site's categories an article goes into: the item's (or the site's default) category, then
 * the category `category_map` gives each tag of the item or the model, in order, once each. A tag
 * matches its map entry ignoring case (the map's keys are stored lower case); the model's tags are
 * hostile input, so only the map's own category names ever come out of it.
 */
export function mappedCategoryNames(category: string | undefined, tags: readonly string[], categoryMap: Readonly<Record<string, string>>): string[] {
  const names = category ? [category] : [];
  for (const tag of tags) {
    const key = tag.trim().toLocaleLowerCase('fr');
    const mapped = Object.hasOwn(categoryMap, key) ? categoryMap[key] : undefined;
    if (mapped !== undefined && !names.some((name) => name.toLocaleLowerCase('fr') === mapped.toLocaleLowerCase('fr'))) names.push(mapped);
  }
  return names;
}
