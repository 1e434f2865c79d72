/**
 * What a manager or sponsor reaches: models given one by one and programmes given whole (every model in them,
 * also one created later). An admin sets both lists at once (PUT /api/v1/users/{id}/scope, /users/:id/scope).
 * Pure: the caller looks up which of the named ids exist.
 * Example: checkUserScope({ models: ['hn-phu-chau'], programmes: [] }, 'manager', known, 'en')
 * → { ok: true, scope: { models: ['hn-phu-chau'], programmes: [] } }.
 */
import { type Role, scopeHeldBy } from './access';
import type { FieldError } from './errors';
import type { Locale } from './i18n';

export interface UserScope {
  models: string[];
  programmes: string[];
}

/** Ids of one kind in one request; more than any programme holds. */
export const maxScopeIds = 1000;

const kinds = ['models', 'programmes'] as const;

type Problem = 'notObject' | 'notList' | 'tooMany' | 'unknownModel' | 'unknownProgramme' | 'evaluator' | 'admin';

const texts: Record<Locale, Record<Problem, string>> = {
  vi: {
    notObject: 'Cần gửi { models: [mã…], programmes: [mã…] }.',
    notList: 'Cần một danh sách mã (có thể để trống).',
    tooMany: `Tối đa ${maxScopeIds} mã.`,
    unknownModel: 'Không có mô hình này.',
    unknownProgramme: 'Không có chương trình này.',
    evaluator: 'Người đánh giá không được giao mô hình hay chương trình: hãy phân công họ vào đợt đánh giá và các xã trên trang của đợt đánh giá.',
    admin: 'Quản trị viên đã xem được mọi mô hình và chương trình; không cần giao.',
  },
  en: {
    notObject: 'Send { models: [id…], programmes: [id…] }.',
    notList: 'Send a list of ids (it may be empty).',
    tooMany: `At most ${maxScopeIds} ids.`,
    unknownModel: 'There is no such model.',
    unknownProgramme: 'There is no such programme.',
    evaluator: 'Evaluators are not given models or programmes: assign them to a round and its communes on the round page.',
    admin: 'Administrators already reach every model and programme; there is nothing to give.',
  },
};

const listOf = (value: unknown) => (Array.isArray(value) ? value.slice(0, maxScopeIds).filter((v): v is string => typeof v === 'string') : []);

/** The ids a body names, to look up in one query each. */
export function namedInScope(body: unknown): UserScope {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return { models: listOf(b.models), programmes: listOf(b.programmes) };
}

/**
 * Checks a whole scope for an account of `role`: both lists present (empty allowed), every id known, and the
 * role one that holds such a scope (scopeHeldBy). Repeated ids count once.
 */
export function checkUserScope(
  body: unknown,
  role: Role,
  known: { models: ReadonlySet<string>; programmes: ReadonlySet<string> },
  locale: Locale,
): { ok: true; scope: UserScope } | { ok: false; errors: FieldError[] } {
  const t = texts[locale];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, errors: [{ question: '(body)', message: t.notObject }] };
  const b = body as Record<string, unknown>;
  const errors: FieldError[] = [];
  const scope: UserScope = { models: [], programmes: [] };
  const held = scopeHeldBy(role);
  for (const kind of kinds) {
    const list = b[kind];
    if (!Array.isArray(list)) {
      errors.push({ question: kind, message: t.notList });
      continue;
    }
    if (list.length > maxScopeIds) {
      errors.push({ question: kind, message: t.tooMany });
      continue;
    }
    if (list.length > 0 && !held.includes(kind)) {
      errors.push({ question: kind, message: scopeNotHeld(role, locale) ?? t.evaluator });
      continue;
    }
    list.forEach((id: unknown, i) => {
      if (typeof id === 'string' && known[kind].has(id)) {
        if (!scope[kind].includes(id)) scope[kind].push(id);
      } else errors.push({ question: `${kind}.${i}`, message: `${kind === 'models' ? t.unknownModel : t.unknownProgramme} (${String(id)})` });
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, scope };
}

/** Why an account of this role is given no models or programmes (null for managers and sponsors). */
export function scopeNotHeld(role: Role, locale: Locale): string | null {
  if (scopeHeldBy(role).length > 0) return null;
  return role === 'admin' ? texts[locale].admin : texts[locale].evaluator;
}

/** The page's words (/users/:id/scope and the reach column of /users). */
export const userScopeTexts: Record<
  Locale,
  { title: string; intro: string; programmes: string; programmesHint: string; models: string; modelsHint: string; save: string; saved: string; notSaved: string; reaches: string; edit: string; nothing: string; back: string; noProgrammes: string; wholeProgramme: string }
> = {
  vi: {
    title: 'Phạm vi của {name}',
    intro: 'Chọn các chương trình (mọi mô hình trong đó, kể cả mô hình thêm sau) và các mô hình mà tài khoản này xem và làm việc. Thay đổi có hiệu lực từ lần tải trang tiếp theo của họ.',
    programmes: 'Chương trình',
    programmesHint: 'Cả chương trình: mọi mô hình của nó, kể cả mô hình thêm sau.',
    models: 'Mô hình',
    modelsHint: 'Từng mô hình, theo chương trình.',
    save: 'Lưu phạm vi',
    saved: 'Đã lưu phạm vi.',
    notSaved: 'Chưa lưu được phạm vi:',
    reaches: 'Phạm vi',
    edit: 'Sửa phạm vi',
    nothing: 'chưa có',
    back: 'Về danh sách tài khoản',
    noProgrammes: 'Chưa có chương trình nào.',
    wholeProgramme: 'cả chương trình',
  },
  en: {
    title: 'What {name} reaches',
    intro: 'Choose the programmes (every model in them, also one added later) and the models this account sees and works on. It takes effect on their next page.',
    programmes: 'Programmes',
    programmesHint: 'A whole programme: every model of it, also one added later.',
    models: 'Models',
    modelsHint: 'Single models, by programme.',
    save: 'Save scope',
    saved: 'Scope saved.',
    notSaved: 'The scope was not saved:',
    reaches: 'Reaches',
    edit: 'Edit scope',
    nothing: 'nothing yet',
    back: 'Back to accounts',
    noProgrammes: 'There is no programme yet.',
    wholeProgramme: 'whole programme',
  },
};
