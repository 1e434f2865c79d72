/**
 * The places the seeded programmes need, keyed by GSO code as in force when the plans were written
 * (valid from 2008-08-01, when Hà Tây joined Hà Nội, until the 2025-07-01 reorganisation), then the
 * provinces in force since that reorganisation and which old units they replaced.
 * Hanoi codes are those of ../shared/DOMAIN.md. The Yên Bái and Hà Nam codes below could not be checked
 * against the GSO list from here and are marked `unverified`; correct them before production use. The same
 * holds for the post-2025 codes of Lào Cai (15) and Ninh Bình (37): they agree with the draft 34-province
 * list as reported, but not with a GSO list checked from here.
 */
export interface SeedPlace {
  code: string;
  level: 'province' | 'district' | 'commune';
  vi: string;
  en: string;
  parent?: string;
  unverified?: true;
}

export const placesValidFrom = '2008-08-01';
export const placesValidTo = '2025-06-30';

const commune = (code: string, vi: string, en: string, parent: string, unverified?: true): SeedPlace => ({ code, level: 'commune', vi, en, parent, unverified });
const district = (code: string, vi: string, en: string, parent: string, unverified?: true): SeedPlace => ({ code, level: 'district', vi, en, parent, unverified });

export const seedPlaces: SeedPlace[] = [
  { code: '01', level: 'province', vi: 'Hà Nội', en: 'Hanoi' },
  { code: '10', level: 'province', vi: 'Lào Cai', en: 'Lao Cai' },
  { code: '15', level: 'province', vi: 'Yên Bái', en: 'Yen Bai' },
  { code: '35', level: 'province', vi: 'Hà Nam', en: 'Ha Nam' },
  district('004', 'Long Biên', 'Long Bien', '01'),
  district('250', 'Mê Linh', 'Me Linh', '01'),
  district('271', 'Ba Vì', 'Ba Vi', '01'),
  district('272', 'Phúc Thọ', 'Phuc Tho', '01'),
  district('274', 'Hoài Đức', 'Hoai Duc', '01'),
  district('275', 'Quốc Oai', 'Quoc Oai', '01'),
  district('276', 'Thạch Thất', 'Thach That', '01'),
  district('278', 'Thanh Oai', 'Thanh Oai', '01'),
  district('282', 'Mỹ Đức', 'My Duc', '01'),
  district('283', 'Ứng Hòa', 'Ung Hoa', '01'),
  commune('09010', 'Mê Linh', 'Me Linh', '250'),
  commune('09847', 'Đức Giang', 'Duc Giang', '274'),
  commune('10402', 'Hòa Lâm', 'Hoa Lam', '283'),
  commune('09916', 'Thạch Thán', 'Thach Than', '275'),
  commune('10162', 'Phương Trung', 'Phuong Trung', '278'),
  commune('10474', 'Phùng Xá', 'Phung Xa', '282'),
  commune('09958', 'Đại Đồng', 'Dai Dong', '276'),
  commune('09649', 'Phú Châu', 'Phu Chau', '271'),
  commune('09781', 'Liên Hiệp', 'Lien Hiep', '272'),
  // Namesakes that must never be confused with the model communes above.
  commune('00124', 'Đức Giang', 'Duc Giang', '004'),
  commune('09997', 'Phùng Xá', 'Phung Xa', '276'),
  district('133', 'Nghĩa Lộ', 'Nghia Lo', '15'),
  district('138', 'Yên Bình', 'Yen Binh', '15'),
  commune('04306', 'Phù Nham', 'Phu Nham', '133', true),
  commune('04312', 'Thanh Lương', 'Thanh Luong', '133', true),
  commune('04729', 'Tân Nguyên', 'Tan Nguyen', '138', true),
  commune('04756', 'Vĩnh Kiên', 'Vinh Kien', '138', true),
  district('350', 'Kim Bảng', 'Kim Bang', '35', true),
  district('353', 'Bình Lục', 'Binh Luc', '35', true),
];

/** The day districts were abolished and communes and provinces merged. */
export const reorganisedOn = '2025-07-01';

/** Today's units (valid from reorganisedOn, no end yet). Commune successors are not known reliably, so none. */
export const todayPlaces: SeedPlace[] = [
  { code: '01', level: 'province', vi: 'Hà Nội', en: 'Hanoi' },
  { code: '15', level: 'province', vi: 'Lào Cai', en: 'Lao Cai', unverified: true },
  { code: '37', level: 'province', vi: 'Ninh Bình', en: 'Ninh Binh', unverified: true },
];

/**
 * Old unit (code valid from placesValidFrom) → today's (code valid from reorganisedOn). Communes without a
 * known successor roll up under today's boundaries through their province.
 */
export const seedSuccessions: { predecessor: string; successor: string }[] = [
  { predecessor: '01', successor: '01' },
  { predecessor: '10', successor: '15' },
  { predecessor: '15', successor: '15' },
  { predecessor: '35', successor: '37' },
];
