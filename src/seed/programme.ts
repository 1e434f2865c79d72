/** The seeded programmes, model types and models, as the seed documents name them (../shared/seeds). */
export const organisations = [
  { id: 'hanoi-dolisa', name: 'Sở LĐTB&XH Hà Nội', kind: 'government' as const },
  { id: 'world-vision', name: 'World Vision', kind: 'sponsor' as const },
];

export const modelTypes = [
  { id: 'abuse-violence', vi: 'Phòng ngừa, trợ giúp trẻ em bị xâm hại tình dục, bị bạo lực dựa vào cộng đồng', en: 'Community-based prevention and assistance for children sexually abused or suffering violence' },
  { id: 'community-cp', vi: 'Bảo vệ trẻ em dựa vào cộng đồng', en: 'Community-based child protection' },
  { id: 'abandoned-disabled', vi: 'Trợ giúp trẻ em bị bỏ rơi, mồ côi không nơi nương tựa, trẻ em khuyết tật', en: 'Support for abandoned children, orphans without carers and children with disabilities' },
  { id: 'street-labour', vi: 'Trợ giúp trẻ em lang thang, lao động sớm, lao động nặng nhọc nguy hiểm', en: 'Support for street children and early or hazardous child labour' },
  { id: 'juvenile-justice', vi: 'Trợ giúp người chưa thành niên vi phạm pháp luật', en: 'Support for juveniles in conflict with the law' },
  { id: 'service-connection', vi: 'Cung cấp, kết nối dịch vụ bảo vệ trẻ em', en: 'Providing and connecting child-protection services' },
];

export const programmes = [
  { id: 'hanoi-2015-2020', province: '01', vi: 'Chương trình bảo vệ trẻ em thành phố Hà Nội 2015–2020', en: 'Hanoi child protection programme 2015–2020', start: '2015-01-01', end: '2020-12-31', source: 'seeds 000, 001, 003' },
  { id: 'ha-nam-2014', province: '35', vi: 'Kế hoạch bảo vệ, chăm sóc trẻ em tỉnh Hà Nam năm 2014', en: 'Ha Nam child protection and care plan 2014', start: '2014-01-01', end: '2014-12-31', source: 'seed 002' },
  { id: 'yen-bai-2018-2020', province: '15', vi: 'Thí điểm mô hình cung cấp, kết nối dịch vụ bảo vệ trẻ em tỉnh Yên Bái 2018–2020', en: 'Yen Bai child-protection service pilot 2018–2020', start: '2018-01-01', end: '2020-12-31', source: 'seed 004' },
];

export interface SeedModel {
  id: string;
  programme: string;
  type: string;
  vi: string;
  en: string;
  places: string[];
  start: string;
  end: string;
  sponsor?: string;
  /** Whether the model is evaluated in rounds in the demo (the Hà Nam plan names no evaluation). */
  rounds: boolean;
}

const hanoi = (id: string, type: string, communeVi: string, communeEn: string, code: string): SeedModel => ({
  id,
  programme: 'hanoi-2015-2020',
  type,
  vi: `Mô hình ${type === 'community-cp' ? 'bảo vệ trẻ em dựa vào cộng đồng' : 'phòng ngừa, trợ giúp trẻ em bị xâm hại, bạo lực'} xã ${communeVi}`,
  en: `${type === 'community-cp' ? 'Community-based child protection' : 'Abuse and violence prevention'} model, ${communeEn} commune`,
  places: [code],
  start: '2015-01-01',
  end: '2020-12-31',
  rounds: true,
});

export const seedModels: SeedModel[] = [
  hanoi('hn-me-linh', 'abuse-violence', 'Mê Linh', 'Me Linh', '09010'),
  hanoi('hn-duc-giang', 'abuse-violence', 'Đức Giang', 'Duc Giang', '09847'),
  hanoi('hn-hoa-lam', 'community-cp', 'Hòa Lâm', 'Hoa Lam', '10402'),
  hanoi('hn-thach-than', 'community-cp', 'Thạch Thán', 'Thach Than', '09916'),
  hanoi('hn-phuong-trung', 'community-cp', 'Phương Trung', 'Phuong Trung', '10162'),
  hanoi('hn-phung-xa', 'community-cp', 'Phùng Xá', 'Phung Xa', '10474'),
  hanoi('hn-dai-dong', 'community-cp', 'Đại Đồng', 'Dai Dong', '09958'),
  hanoi('hn-phu-chau', 'community-cp', 'Phú Châu', 'Phu Chau', '09649'),
  hanoi('hn-lien-hiep', 'community-cp', 'Liên Hiệp', 'Lien Hiep', '09781'),
  ...(['abandoned-disabled', 'street-labour', 'abuse-violence', 'juvenile-justice'] as const).map((type, i) => ({
    id: `hnam-${type}`,
    programme: 'ha-nam-2014',
    type,
    vi: ['Mô hình trợ giúp trẻ em bị bỏ rơi, mồ côi, khuyết tật', 'Mô hình trợ giúp trẻ em lang thang, lao động sớm', 'Mô hình trợ giúp trẻ em bị xâm hại tình dục, bạo lực', 'Mô hình trợ giúp người chưa thành niên vi phạm pháp luật'][i] + ' (Bình Lục, Kim Bảng)',
    en: ['Abandoned, orphaned and disabled children', 'Street children and child labour', 'Children abused or suffering violence', 'Juveniles in conflict with the law'][i] + ' model (Binh Luc, Kim Bang)',
    places: ['352', '350'],
    start: '2014-01-01',
    end: '2014-12-31',
    rounds: false,
  })),
  {
    id: 'yb-service-pilot',
    programme: 'yen-bai-2018-2020',
    type: 'service-connection',
    vi: 'Mô hình cung cấp, kết nối dịch vụ bảo vệ trẻ em Yên Bái',
    en: 'Yen Bai child-protection service connection pilot',
    places: ['04771', '04732', '04663', '04675'],
    start: '2018-01-01',
    end: '2020-12-31',
    sponsor: 'world-vision',
    rounds: true,
  },
];

/**
 * Demo rounds per evaluated model: baseline done, midterm collecting, final not yet open. The midterm falls
 * halfway through the period (Hanoi 2015–2020: 2017; Yên Bái 2018–2020: 2019), never in the final's window.
 */
export function roundsFor(model: SeedModel) {
  const year = Number(model.start.slice(0, 4));
  const midterm = year + Math.max(1, Math.floor((Number(model.end.slice(0, 4)) - year) / 2));
  const kinds = [
    { kind: 'baseline' as const, status: 'closed' as const, start: `${year}-04-01`, end: `${year}-06-30` },
    { kind: 'midterm' as const, status: 'open' as const, start: `${midterm}-10-01`, end: `${midterm}-12-31` },
    { kind: 'final' as const, status: 'closed' as const, start: `${Number(model.end.slice(0, 4))}-10-01`, end: `${model.end.slice(0, 4)}-12-31` },
  ];
  return kinds.map((k) => ({ id: `${model.id}-${k.kind}`, modelId: model.id, ...k, plannedSample: 60 * model.places.length }));
}
