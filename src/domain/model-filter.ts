/**
 * The model filter of the models list, the overview and the roll-up, pure: which models of those in scope match
 * a province and a type, and which provinces and types the controls offer (all of those in scope, whatever is
 * chosen). Pages read the models in scope once (queries/models.ts listModels) and use both.
 * Example: modelsMatching(inScope, { province: '01' }) → Hanoi's models; filterOptionsOf(inScope).provinces → [Hà Nội, Yên Bái].
 */

/** What a model carries for the filter: its province and its type, with their names. */
export interface FilteredModel {
  provinceCode: string;
  provinceVi: string;
  provinceEn: string;
  typeId: string;
  typeVi: string;
  typeEn: string;
}

export interface ModelFilter {
  province?: string;
  type?: string;
}

/** The models of the province and of the type chosen (either may be unset), in their order. */
export function modelsMatching<T extends FilteredModel>(rows: readonly T[], filter: ModelFilter): T[] {
  return rows.filter((r) => (!filter.province || r.provinceCode === filter.province) && (!filter.type || r.typeId === filter.type));
}

/** The provinces and model types among the models, each once, in the models' order: the filter's choices. */
export function filterOptionsOf(rows: readonly FilteredModel[]) {
  const provinces = new Map(rows.map((r) => [r.provinceCode, { code: r.provinceCode, nameVi: r.provinceVi, nameEn: r.provinceEn }]));
  const types = new Map(rows.map((r) => [r.typeId, { id: r.typeId, nameVi: r.typeVi, nameEn: r.typeEn }]));
  return { provinces: [...provinces.values()], types: [...types.values()] };
}
