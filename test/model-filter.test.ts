/** The model filter (src/domain/model-filter.ts) over plain rows: what matches, and what the controls offer. */
import { describe, expect, it } from 'vitest';
import { filterOptionsOf, modelsMatching } from '../src/domain/model-filter';

const model = (id: string, provinceCode: string, typeId: string) => ({
  id,
  provinceCode,
  provinceVi: provinceCode === '01' ? 'Hà Nội' : 'Yên Bái',
  provinceEn: provinceCode === '01' ? 'Hanoi' : 'Yen Bai',
  typeId,
  typeVi: typeId === 'community' ? 'Cộng đồng' : 'Dịch vụ',
  typeEn: typeId === 'community' ? 'Community' : 'Service',
});
const inScope = [model('hn-a', '01', 'community'), model('hn-b', '01', 'service'), model('yb-a', '15', 'service')];

describe('modelsMatching', () => {
  it('keeps the models of the province and type chosen, in their order; nothing chosen keeps all', () => {
    expect(modelsMatching(inScope, {}).map((m) => m.id)).toEqual(['hn-a', 'hn-b', 'yb-a']);
    expect(modelsMatching(inScope, { province: '01' }).map((m) => m.id)).toEqual(['hn-a', 'hn-b']);
    expect(modelsMatching(inScope, { type: 'service' }).map((m) => m.id)).toEqual(['hn-b', 'yb-a']);
    expect(modelsMatching(inScope, { province: '15', type: 'community' })).toEqual([]);
  });
});

describe('filterOptionsOf', () => {
  it('offers each province and type among the models once, in their order', () => {
    expect(filterOptionsOf(inScope)).toEqual({
      provinces: [
        { code: '01', nameVi: 'Hà Nội', nameEn: 'Hanoi' },
        { code: '15', nameVi: 'Yên Bái', nameEn: 'Yen Bai' },
      ],
      types: [
        { id: 'community', nameVi: 'Cộng đồng', nameEn: 'Community' },
        { id: 'service', nameVi: 'Dịch vụ', nameEn: 'Service' },
      ],
    });
  });
});
