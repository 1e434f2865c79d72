/**
 * People's accounts: what a new account and a change to one must hold, and what a new password must be (who
 * may create or change whom: access.ts). Pure.
 * Example: checkNewUser({ email: 'lan@example.org', name: 'Lan', role: 'evaluator' }, manager, 'vi')
 * → { ok: true, user: { email: 'lan@example.org', name: 'Lan', role: 'evaluator', locale: 'vi', organisationId: null } }.
 */
import type { Role } from './access';
import type { FieldError } from './errors';
import { isLocale, type Locale } from './i18n';

export const roles: readonly Role[] = ['admin', 'manager', 'evaluator', 'sponsor'];
/** How long an invitation or reset link works. */
export const invitationHours = 72;
export const passwordLength = { min: 10, max: 200 } as const;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  organisationId: string | null;
}

type Problem = 'email' | 'name' | 'role' | 'roleNotYours' | 'locale' | 'organisation' | 'active' | 'password' | 'nothing';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    email: 'Email không hợp lệ.',
    name: 'Hãy ghi họ tên (tối đa 200 ký tự).',
    role: 'Vai trò phải là admin, manager, evaluator hoặc sponsor.',
    roleNotYours: 'Quản lý mô hình chỉ tạo được tài khoản người đánh giá.',
    locale: 'Ngôn ngữ là vi hoặc en.',
    organisation: 'Không có tổ chức này (xem /organisations).',
    active: 'active là true hoặc false.',
    password: `Mật khẩu cần từ ${passwordLength.min} đến ${passwordLength.max} ký tự.`,
    nothing: 'Không có gì để thay đổi (role, active, name).',
  },
  en: {
    email: 'The email is not valid.',
    name: 'Give a name (at most 200 characters).',
    role: 'The role is admin, manager, evaluator or sponsor.',
    roleNotYours: 'Model managers create evaluator accounts only.',
    locale: 'The language is vi or en.',
    organisation: 'No such organisation (see /organisations).',
    active: 'active is true or false.',
    password: `A password has ${passwordLength.min} to ${passwordLength.max} characters.`,
    nothing: 'Nothing to change (role, active, name).',
  },
};

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const record = (x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

export function checkNewUser(input: unknown, locale: Locale): { ok: true; user: NewUser } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const b = record(input);
  const errors: FieldError[] = [];
  const email = typeof b.email === 'string' ? b.email.trim().toLowerCase() : '';
  if (!emailPattern.test(email) || email.length > 254) errors.push({ question: 'email', message: t.email });
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (!name || [...name].length > 200) errors.push({ question: 'name', message: t.name });
  const role = roles.find((r) => r === b.role);
  if (!role) errors.push({ question: 'role', message: t.role });
  const userLocale = b.locale === undefined || b.locale === '' ? 'vi' : b.locale;
  if (!isLocale(userLocale)) errors.push({ question: 'locale', message: t.locale });
  const organisationId = typeof b.organisation === 'string' && b.organisation.trim() ? b.organisation.trim() : null;
  if (errors.length > 0 || !role || !isLocale(userLocale)) return { ok: false, errors };
  return { ok: true, user: { email, name, role, locale: userLocale, organisationId } };
}

/** The message when the organisation named for a new account does not exist. */
export function organisationUnknown(locale: Locale): FieldError[] {
  return [{ question: 'organisation', message: texts[locale].organisation }];
}

/** The message when a manager asks for another role than evaluator. */
export function roleNotYours(locale: Locale): FieldError[] {
  return [{ question: 'role', message: texts[locale].roleNotYours }];
}

export function checkUserPatch(input: unknown, locale: Locale): { ok: true; patch: { role?: Role; active?: boolean; name?: string } } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  const b = record(input);
  const errors: FieldError[] = [];
  const patch: { role?: Role; active?: boolean; name?: string } = {};
  if (b.role !== undefined) {
    const role = roles.find((r) => r === b.role);
    if (role) patch.role = role;
    else errors.push({ question: 'role', message: t.role });
  }
  if (b.active !== undefined) {
    if (typeof b.active === 'boolean') patch.active = b.active;
    else errors.push({ question: 'active', message: t.active });
  }
  if (b.name !== undefined) {
    const name = typeof b.name === 'string' ? b.name.trim() : '';
    if (name && [...name].length <= 200) patch.name = name;
    else errors.push({ question: 'name', message: t.name });
  }
  if (errors.length === 0 && Object.keys(patch).length === 0) errors.push({ question: '(body)', message: t.nothing });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, patch };
}

export function checkNewPassword(password: unknown, locale: Locale): FieldError[] {
  const length = typeof password === 'string' ? [...password].length : 0;
  return length >= passwordLength.min && length <= passwordLength.max ? [] : [{ question: 'password', message: texts[locale].password }];
}
