/**
 * The one catalogue of errors the app answers with: code → HTTP status and message in vi and en.
 * Domain code throws `AppError`; the app's single `onError` renders it as a page, an htmx fragment or
 * application/problem+json depending on who asked.
 */
import type { Locale } from './i18n';

export const errorCatalogue = {
  unauthenticated: { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to sign in.' },
  bad_credentials: { status: 401, vi: 'Email hoặc mật khẩu không đúng.', en: 'Wrong email or password.' },
  bad_token: { status: 401, vi: 'Mã truy cập không hợp lệ hoặc đã hết hạn.', en: 'The token is invalid or expired.' },
  forbidden: { status: 403, vi: 'Bạn không có quyền truy cập mục này.', en: 'You may not access this.' },
  not_assigned: { status: 403, vi: 'Bạn không được phân công cho đợt đánh giá này.', en: 'You are not assigned to this round.' },
  not_assigned_commune: { status: 403, vi: 'Bạn không được phân công thu thập phiếu ở xã này.', en: 'You are not assigned to collect in this commune.' },
  csrf: { status: 403, vi: 'Phiên biểu mẫu đã hết hạn, hãy tải lại trang.', en: 'The form expired; reload the page.' },
  not_found: { status: 404, vi: 'Không tìm thấy trang.', en: 'Not found.' },
  malformed_json: { status: 400, vi: 'Nội dung không phải JSON hợp lệ.', en: 'The body is not valid JSON.' },
  malformed_form: { status: 400, vi: 'Nội dung biểu mẫu gửi lên bị hỏng.', en: 'The form data is broken.' },
  too_large: { status: 413, vi: 'Dữ liệu gửi lên quá lớn.', en: 'The body is too large.' },
  unsupported_media_type: { status: 415, vi: 'Cần gửi dữ liệu dạng JSON.', en: 'Send the body as JSON.' },
  invalid_request: { status: 422, vi: 'Dữ liệu gửi lên không hợp lệ.', en: 'The request is not valid.' },
  invalid_answers: { status: 422, vi: 'Phiếu còn câu trả lời chưa hợp lệ.', en: 'Some answers are not valid.' },
  unknown_round: { status: 422, vi: 'Không có đợt đánh giá này.', en: 'There is no such round.' },
  round_closed: { status: 422, vi: 'Đợt đánh giá đã đóng.', en: 'The round is closed.' },
  unknown_commune: { status: 422, vi: 'Xã này không thuộc mô hình của đợt đánh giá.', en: "The commune is not one of the round's model." },
  unknown_instrument: { status: 422, vi: 'Đợt đánh giá không dùng phiên bản phiếu này.', en: 'The round does not use this instrument version.' },
  other_evaluator: { status: 403, vi: 'Phiếu này do người đánh giá khác thu thập.', en: 'Another evaluator collected this submission.' },
  unknown_evaluator: { status: 422, vi: 'Không có người đánh giá này, hoặc người này không được phân công cho đợt đánh giá.', en: 'No such evaluator, or not assigned to the round.' },
  too_many_sign_ins: {
    status: 429,
    vi: 'Đã nhập sai mật khẩu quá nhiều lần. Hãy chờ một lát rồi thử lại.',
    en: 'Too many wrong passwords. Wait a while, then try again.',
  },
  sign_in_busy: {
    status: 503,
    vi: 'Máy chủ đang bận kiểm tra nhiều lượt đăng nhập. Hãy thử lại sau vài giây.',
    en: 'The server is busy checking many sign-ins. Try again in a few seconds.',
  },
  storage_unavailable: {
    status: 503,
    vi: 'Máy chủ tạm thời không ghi được dữ liệu. Chưa có gì được lưu; hãy thử lại sau ít phút.',
    en: 'The server cannot save data at the moment. Nothing was saved; try again in a few minutes.',
  },
  email_taken: { status: 409, vi: 'Email này đã có tài khoản.', en: 'This email already has an account.' },
  model_taken: { status: 409, vi: 'Đã có mô hình mang mã này; hãy ghi một mã khác.', en: 'A model with this id exists; give another id.' },
  programme_taken: { status: 409, vi: 'Đã có chương trình mang mã này; hãy ghi một mã khác.', en: 'A programme with this id exists; give another id.' },
  organisation_taken: { status: 409, vi: 'Đã có tổ chức mang tên hoặc mã này.', en: 'An organisation with this name or id exists.' },
  invitation_gone: { status: 410, vi: 'Đường dẫn này đã được dùng hoặc đã hết hạn. Hãy xin quản trị viên gửi đường dẫn mới.', en: 'This link was already used or has expired. Ask an administrator for a new one.' },
  review_stale: { status: 409, vi: 'Phiếu này vừa được người khác duyệt hoặc sửa; hãy tải lại trang rồi xem lại.', en: 'Someone else has just reviewed or changed this submission; reload the page and look again.' },
  conflict: { status: 409, vi: 'Mã phiếu này đã được gửi với nội dung khác.', en: 'This submission id was already used with other content.' },
  invalid_instrument: { status: 422, vi: 'Chưa thể phát hành phiếu này: xem các lỗi bên dưới.', en: 'This instrument cannot be released: see the problems listed.' },
  instrument_released: { status: 409, vi: 'Phiên bản phiếu này đã được phát hành với nội dung khác; một phiên bản đã phát hành không bao giờ thay đổi.', en: 'This instrument version was already released with other content; a released version never changes.' },
  xlsx_unavailable: { status: 501, vi: 'Máy chủ này không tạo được tệp XLSX; hãy tải tệp CSV.', en: 'This server cannot write XLSX files; download CSV instead.' },
  pdf_unavailable: { status: 501, vi: 'Máy chủ này không tạo được tệp PDF; hãy mở trang tóm tắt và in ra (chọn “Lưu dưới dạng PDF”).', en: 'This server cannot write PDF files; open the summary page and print it (choose “Save as PDF”).' },
  internal: { status: 500, vi: 'Đã có lỗi xảy ra.', en: 'Something went wrong.' },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** A question-level problem, as returned to forms and API clients. */
export interface FieldError {
  question: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly errors: FieldError[] = [],
    /** Sent as `Retry-After` (seconds), e.g. with too_many_sign_ins. */
    readonly retryAfterSeconds?: number,
  ) {
    super(errorCatalogue[code].en);
    this.status = errorCatalogue[code].status;
  }
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return errorCatalogue[code][locale];
}
