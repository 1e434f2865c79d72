/**
 * The sponsor summary's words (domain/summary.ts), in Vietnamese and English. A sentence per change says what
 * the statistics say (estimates.ts `changes`: the verdict from the change's 95% interval), read in the
 * indicator's direction; a census is a count, never tested (docs/statistics.md §1).
 * Placeholders: {from} {to} the round kinds, {a} {b} the two values, {d} the points, {low} {high} the interval, {p}.
 */
import type { Locale } from './i18n';

export interface SummaryTexts {
  title: string;
  programmeTitle: string;
  programme: string;
  model: string;
  period: string;
  sponsor: string;
  communes: string;
  models: string;
  generated: string;
  dataAsOf: string;
  noDataYet: string;
  method: string;
  indicator: string;
  target: string;
  suppressed: string;
  noData: string;
  ci: string;
  met: string;
  notMet: string;
  withoutData: string;
  /** Method note, one paragraph each. */
  sampling: string;
  intervals: string;
  counted: string;
  suppression: string;
  better: string;
  worse: string;
  unclear: string;
  census: string;
  censusSame: string;
  untested: string;
  higher: string;
  lower: string;
  download: string;
  link: string;
  page: string;
}

export const summaryTexts: Record<Locale, SummaryTexts> = {
  vi: {
    title: 'Báo cáo tóm tắt cho nhà tài trợ',
    programmeTitle: 'Báo cáo tóm tắt chương trình cho nhà tài trợ',
    programme: 'Chương trình',
    model: 'Mô hình',
    period: 'Giai đoạn',
    sponsor: 'Nhà tài trợ',
    communes: 'Địa bàn',
    models: 'Số mô hình',
    generated: 'Ngày lập',
    dataAsOf: 'Số liệu tính đến',
    noDataYet: 'chưa có số liệu',
    method: 'Phương pháp',
    indicator: 'Chỉ số',
    target: 'Mục tiêu',
    suppressed: 'ẩn (ít người)',
    noData: 'chưa có',
    ci: 'KTC 95%',
    met: 'đạt mục tiêu',
    notMet: 'chưa đạt',
    withoutData: 'Chưa có số liệu ở đợt nào: {names}.',
    sampling:
      'Chỉ số khảo sát lấy từ phiếu hộ gia đình chọn mẫu ở các xã của mô hình trong mỗi đợt (đầu kỳ, giữa kỳ, cuối kỳ); xã là cụm chọn mẫu. Chỉ số cấp xã (số liệu đăng ký, số xã đạt tiêu chí, số câu lạc bộ) tính trên mọi xã: đó là số đếm toàn bộ, không có khoảng tin cậy.',
    intervals:
      'Mỗi giá trị khảo sát kèm khoảng tin cậy 95% có tính đến hiệu ứng thiết kế (hộ trong cùng xã trả lời giống nhau hơn). Một thay đổi giữa hai đợt được coi là nhiều khả năng thật khi khoảng tin cậy 95% của nó không chứa 0; giá trị p lấy từ chính khoảng đó.',
    counted: 'Chỉ tính các phiếu đã được duyệt.',
    suppression:
      'Để không ai bị nhận diện, giá trị dựa trên dưới {threshold} người (hộ, trẻ em hoặc người đăng ký) bị ẩn, cùng với các giá trị có thể suy ra nó; ô bị ẩn ghi “ẩn (ít người)”.',
    better: '{from} → {to}: {d} điểm ({ci} {low} đến {high}; {p}), nhiều khả năng là cải thiện thật.',
    worse: '{from} → {to}: {d} điểm ({ci} {low} đến {high}; {p}), nhiều khả năng là xấu đi thật.',
    unclear: '{from} → {to}: {d} điểm ({ci} {low} đến {high}; {p}), chưa rõ thay đổi: chưa phân biệt được với ngẫu nhiên.',
    census: '{from} → {to}: {a} thành {b} ({direction}), số đếm trên mọi xã, không phải mẫu nên không kiểm định.',
    censusSame: '{from} → {to}: vẫn {a}, số đếm trên mọi xã, không phải mẫu nên không kiểm định.',
    untested: '{from} → {to}: từ {a} đến {b}; thay đổi của giá trị trung bình không được kiểm định, xem khoảng tin cậy của từng đợt.',
    higher: 'tăng',
    lower: 'giảm',
    download: 'Tải PDF',
    link: 'Báo cáo tóm tắt cho nhà tài trợ',
    page: 'Trang {n}/{total}',
  },
  en: {
    title: 'Sponsor summary',
    programmeTitle: 'Programme summary for sponsors',
    programme: 'Programme',
    model: 'Model',
    period: 'Period',
    sponsor: 'Sponsor',
    communes: 'Communes',
    models: 'Models',
    generated: 'Date generated',
    dataAsOf: 'Data as of',
    noDataYet: 'no data yet',
    method: 'Method',
    indicator: 'Indicator',
    target: 'Target',
    suppressed: 'suppressed (few people)',
    noData: 'no data',
    ci: '95% CI',
    met: 'target met',
    notMet: 'not met',
    withoutData: 'No data in any round yet: {names}.',
    sampling:
      "Survey indicators come from households sampled in the model's communes at each round (baseline, midterm, final); the communes are the sampling clusters. Commune-level indicators (registered counts, communes meeting criteria, clubs) count every commune: they are a census, with no interval.",
    intervals:
      'Each survey value has a 95% confidence interval that allows for the design effect (households of one commune answer more alike). A change between two rounds is called likely real when its 95% interval leaves out 0; its p-value comes from that same interval.',
    counted: 'Only submissions approved in review are counted.',
    suppression:
      'So that no one can be singled out, a value resting on fewer than {threshold} people (households, children or registered persons) is suppressed, together with any value it could be worked out from; such cells read “suppressed (few people)”.',
    better: '{from} → {to}: {d} points ({ci} {low} to {high}; {p}), likely a real improvement.',
    worse: '{from} → {to}: {d} points ({ci} {low} to {high}; {p}), likely a real worsening.',
    unclear: '{from} → {to}: {d} points ({ci} {low} to {high}; {p}), no clear change: not distinguishable from chance.',
    census: '{from} → {to}: {a} to {b} ({direction}), a count of every commune, not a sample, so not tested.',
    censusSame: '{from} → {to}: {a} both times, a count of every commune, not a sample, so not tested.',
    untested: '{from} → {to}: {a} to {b}; changes in a mean are not tested, see each round’s interval.',
    higher: 'higher',
    lower: 'lower',
    download: 'Download PDF',
    link: 'Sponsor summary',
    page: 'Page {n} of {total}',
  },
};

/** A text with its {placeholders} filled. Example: fill('{a} to {b}', { a: '1', b: '2' }) → '1 to 2'. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
