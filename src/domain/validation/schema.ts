/**
 * An instrument's SurveyJS JSON read once into the plain tree the compiled validator walks: questions with
 * their value kind, conditions (compiled with survey-core's own `ConditionRunner`), validators and limits.
 * Anything that could change what is valid and is not understood here lands in `unsupported`, so the
 * instrument is validated by survey-core instead (see ../survey-validation.ts). Pure.
 */
import { ConditionRunner } from 'survey-core';
import type { AnswerLimits } from './limits';

export type Text = string | Record<string, string> | undefined;

export type Kind =
  | { type: 'text'; inputType: string; maxLength: number; min?: number | string; max?: number | string; minErrorText?: Text; maxErrorText?: Text }
  | { type: 'comment'; maxLength: number }
  | { type: 'boolean'; valueTrue: unknown; valueFalse: unknown }
  | { type: 'choice'; multiple: false; choices: unknown[]; other: boolean; none: boolean; commentMaxLength: number }
  | { type: 'choice'; multiple: true; choices: unknown[]; other: boolean; none: boolean; commentMaxLength: number; minSelected: number; maxSelected: number }
  | { type: 'rating'; values: number[] }
  | { type: 'matrix'; rows: string[]; columns: unknown[]; allRowsRequired: boolean }
  | { type: 'multipletext'; items: QuestionNode[] }
  | { type: 'paneldynamic'; template: QuestionNode[]; minPanels: number; maxPanels: number };

export type ValidatorNode =
  | { type: 'numeric'; min: number | null; max: number | null; text: Text }
  | { type: 'text'; minLength: number; maxLength: number; allowDigits: boolean; text: Text }
  | { type: 'regex'; regex: RegExp; text: Text }
  | { type: 'email'; text: Text }
  | { type: 'expression'; condition: ConditionRunner; expression: string; text: Text }
  | { type: 'answercount'; min: number; max: number; text: Text };

export interface QuestionNode {
  name: string;
  /** The key of its answer: `valueName` when set, else `name`. */
  key: string;
  title: Text;
  kind: Kind;
  /** Conditions of the question and of every page or panel around it, all of which must hold. */
  visibleIf: ConditionRunner[];
  hidden: boolean;
  enableIf: ConditionRunner[];
  readOnly: boolean;
  isRequired: boolean;
  requiredIf?: ConditionRunner;
  requiredErrorText: Text;
  validators: ValidatorNode[];
  /** How default validator messages name the value: a multipletext item's own title, when it has one. */
  validatorTitle?: Text;
}

export interface Schema {
  questions: QuestionNode[];
  /** Answers to hidden questions are dropped, as the form clears them on completion. */
  clearHidden: boolean;
  unsupported: string[];
}

/** Properties that only change how a form looks or reads, never what is valid. */
const presentation = new Set([
  'type', 'name', 'title', 'description', 'descriptionLocation', 'titleLocation', 'hideNumber', 'startWithNewLine',
  'width', 'minWidth', 'maxWidth', 'indent', 'placeholder', 'colCount', 'separateSpecialChoices', 'choicesOrder',
  'labelTrue', 'labelFalse', 'swapOrder', 'renderAs', 'rateType', 'rateDisplayMode', 'displayMode', 'scaleColorMode',
  'minRateDescription', 'maxRateDescription', 'displayRateDescriptionsAsExtremeItems', 'rateCount', 'autoGenerate',
  'addPanelText', 'removePanelText', 'templateTitle', 'templateDescription', 'panelCount', 'panelsState',
  'confirmDelete', 'confirmDeleteText', 'panelAddText', 'panelRemoveText', 'noEntriesText', 'allowAddPanel',
  'allowRemovePanel', 'panelRemoveButtonLocation', 'templateTabTitle', 'tabAlign', 'rows', 'autoGrow', 'allowResize',
  'otherText', 'noneText', 'otherPlaceholder', 'size', 'state', 'showNumber', 'questionTitleLocation', 'innerIndent',
  'showTitle', 'showQuestionNumbers', 'defaultValue', 'isAllRowRequired', 'eachRowRequired', 'itemSize', 'alternateRows',
  'columnMinWidth', 'rowTitleWidth', 'showHeader', 'searchEnabled', 'allowClear', 'textWrapEnabled', 'inputSize',
  // Who may read the answer (domain/personal.ts), not whether it is valid.
  'personal',
]);

/** Properties that decide what is valid, read below. */
const semantic = new Set([
  'valueName', 'visible', 'visibleIf', 'enableIf', 'readOnly', 'isRequired', 'requiredIf', 'requiredErrorText',
  'validators', 'inputType', 'min', 'max', 'minErrorText', 'maxErrorText', 'maxLength', 'choices', 'showOtherItem',
  'hasOther', 'showNoneItem', 'hasNone', 'valueTrue', 'valueFalse', 'rateMin', 'rateMax', 'rateStep', 'rateValues',
  'columns', 'items', 'templateElements', 'minPanelCount', 'maxPanelCount', 'elements', 'minSelectedChoices',
  'maxSelectedChoices', 'maxSelectedChoices',
]);

const surveyProperties = new Set([
  'title', 'description', 'pages', 'elements', 'showQuestionNumbers', 'showProgressBar', 'progressBarType', 'locale',
  'logo', 'logoPosition', 'logoWidth', 'logoHeight', 'completedHtml', 'showTitle', 'widthMode', 'width',
  'checkErrorsMode', 'textUpdateMode', 'clearInvisibleValues', 'maxTextLength', 'maxCommentLength',
  'showPreviewBeforeComplete', 'showCompletedPage', 'questionErrorLocation', 'questionTitleLocation',
  'showPrevButton', 'showNavigationButtons', 'goNextPageAutomatic', 'autoAdvanceEnabled', 'focusFirstQuestionAutomatic',
]);

const textInputTypes = new Set(['text', 'number', 'range', 'date', 'datetime-local', 'time', 'month', 'week', 'email', 'tel', 'url', 'password', 'color']);

type Json = Record<string, unknown>;

interface Scope {
  visibleIf: ConditionRunner[];
  hidden: boolean;
  enableIf: ConditionRunner[];
  readOnly: boolean;
  where: string;
}

/** Reads an instrument; `unsupported` lists what would need survey-core, e.g. "question 'x': choicesByUrl". */
export function readSchema(json: Json, limits: AnswerLimits): Schema {
  const unsupported: string[] = [];
  for (const key of Object.keys(json)) if (!surveyProperties.has(key)) unsupported.push(`survey property '${key}'`);
  const clear = json.clearInvisibleValues ?? 'onComplete';
  if (!['onComplete', 'onHidden', 'onHiddenContainer', 'none'].includes(String(clear))) unsupported.push(`clearInvisibleValues '${String(clear)}'`);
  const lengths = {
    text: positive(json.maxTextLength) ?? limits.textMaxLength,
    comment: positive(json.maxCommentLength) ?? limits.commentMaxLength,
  };
  const reader = new Reader(unsupported, lengths, limits);
  const root: Scope = { visibleIf: [], hidden: false, enableIf: [], readOnly: false, where: '' };
  const pages = Array.isArray(json.pages) ? (json.pages as Json[]) : [{ elements: json.elements ?? [] }];
  const questions = pages.flatMap((page) => reader.container(page, root, 'page'));
  return { questions, clearHidden: clear !== 'none', unsupported };
}

class Reader {
  constructor(
    private unsupported: string[],
    private lengths: { text: number; comment: number },
    private limits: AnswerLimits,
  ) {}

  /** A page or panel: its conditions apply to every question inside. */
  container(el: Json, outer: Scope, what: 'page' | 'panel'): QuestionNode[] {
    const where = `${what} '${String(el.name ?? '')}'`;
    for (const key of Object.keys(el)) {
      if (!['type', 'name', 'title', 'description', 'elements', 'visibleIf', 'enableIf', 'readOnly', 'visible', 'state', 'startWithNewLine', 'width', 'minWidth', 'maxWidth', 'innerIndent', 'showNumber', 'showQuestionNumbers', 'questionTitleLocation', 'navigationTitle', 'navigationDescription', 'showTitle'].includes(key)) {
        this.unsupported.push(`${where}: '${key}'`);
      }
    }
    const scope: Scope = {
      visibleIf: [...outer.visibleIf, ...this.conditions(el.visibleIf, where)],
      hidden: outer.hidden || el.visible === false,
      enableIf: [...outer.enableIf, ...this.conditions(el.enableIf, where)],
      readOnly: outer.readOnly || el.readOnly === true,
      where,
    };
    const elements = Array.isArray(el.elements) ? (el.elements as Json[]) : [];
    return elements.flatMap((child) => this.element(child, scope));
  }

  element(el: Json, scope: Scope): QuestionNode[] {
    const type = String(el.type ?? '');
    if (type === 'panel') return this.container(el, scope, 'panel');
    if (type === 'html' || type === 'image') return [];
    const question = this.question(el, scope);
    return question ? [question] : [];
  }

  question(el: Json, scope: Scope): QuestionNode | null {
    const name = String(el.name ?? '');
    const where = `question '${name}'`;
    for (const key of Object.keys(el)) if (!presentation.has(key) && !semantic.has(key)) this.unsupported.push(`${where}: '${key}'`);
    const kind = this.kind(el, where);
    if (!kind) return null;
    return {
      name,
      key: typeof el.valueName === 'string' && el.valueName ? el.valueName : name,
      title: (el.title as Text) ?? name,
      kind,
      visibleIf: [...scope.visibleIf, ...this.conditions(el.visibleIf, where)],
      hidden: scope.hidden || el.visible === false,
      enableIf: [...scope.enableIf, ...this.conditions(el.enableIf, where)],
      readOnly: scope.readOnly || el.readOnly === true,
      isRequired: el.isRequired === true,
      requiredIf: this.conditions(el.requiredIf, where)[0],
      requiredErrorText: el.requiredErrorText as Text,
      validators: this.validators(el.validators, where),
    };
  }

  kind(el: Json, where: string): Kind | null {
    const type = String(el.type ?? '');
    const choices = () => (Array.isArray(el.choices) ? (el.choices as unknown[]).map((c) => (c && typeof c === 'object' ? (c as Json).value : c)) : []);
    const other = el.showOtherItem === true || el.hasOther === true;
    const none = el.showNoneItem === true || el.hasNone === true;
    switch (type) {
      case 'text': {
        const inputType = String(el.inputType ?? 'text');
        if (!textInputTypes.has(inputType)) return this.refuse(where, `inputType '${inputType}'`);
        return { type: 'text', inputType, maxLength: positive(el.maxLength) ?? this.lengths.text, min: el.min as number | undefined, max: el.max as number | undefined, minErrorText: el.minErrorText as Text, maxErrorText: el.maxErrorText as Text };
      }
      case 'comment':
        return { type: 'comment', maxLength: positive(el.maxLength) ?? this.lengths.comment };
      case 'boolean':
        return { type: 'boolean', valueTrue: el.valueTrue ?? true, valueFalse: el.valueFalse ?? false };
      case 'radiogroup':
      case 'dropdown':
        return { type: 'choice', multiple: false, choices: choices(), other, none, commentMaxLength: this.lengths.text };
      case 'checkbox':
      case 'tagbox':
        return { type: 'choice', multiple: true, choices: choices(), other, none, commentMaxLength: this.lengths.text, minSelected: positive(el.minSelectedChoices) ?? 0, maxSelected: positive(el.maxSelectedChoices) ?? 0 };
      case 'rating':
        return { type: 'rating', values: ratingValues(el) };
      case 'matrix':
        return {
          type: 'matrix',
          rows: (Array.isArray(el.rows) ? (el.rows as unknown[]) : []).map((r) => String(r && typeof r === 'object' ? (r as Json).value : r)),
          columns: (Array.isArray(el.columns) ? (el.columns as unknown[]) : []).map((c) => (c && typeof c === 'object' ? (c as Json).value : c)),
          allRowsRequired: el.isAllRowRequired === true || el.eachRowRequired === true,
        };
      case 'multipletext': {
        const items = (Array.isArray(el.items) ? (el.items as Json[]) : []).map((item) => this.item(item, where));
        return items.includes(null) ? null : { type: 'multipletext', items: items as QuestionNode[] };
      }
      case 'paneldynamic': {
        const inner: Scope = { visibleIf: [], hidden: false, enableIf: [], readOnly: false, where };
        const template = (Array.isArray(el.templateElements) ? (el.templateElements as Json[]) : []).flatMap((t) => this.element(t, inner));
        const minPanels = positive(el.minPanelCount) ?? 0;
        const maxPanels = Math.max(positive(el.maxPanelCount) ?? this.limits.maxPanels, minPanels);
        return { type: 'paneldynamic', template, minPanels, maxPanels };
      }
      default:
        return this.refuse(where, `type '${type}'`);
    }
  }

  /** An item of a multipletext: a text input of its own, answered under the item's name. */
  item(item: Json, where: string): QuestionNode | null {
    const name = String(item.name ?? '');
    for (const key of Object.keys(item)) {
      if (!['name', 'title', 'placeholder', 'isRequired', 'requiredErrorText', 'inputType', 'validators', 'maxLength', 'min', 'max'].includes(key)) this.unsupported.push(`${where} item '${name}': '${key}'`);
    }
    const kind = this.kind({ ...item, type: 'text' }, where);
    if (!kind) return null;
    return { name, key: name, title: (item.title as Text) ?? name, kind, visibleIf: [], hidden: false, enableIf: [], readOnly: false, isRequired: item.isRequired === true, requiredErrorText: item.requiredErrorText as Text, validators: this.validators(item.validators, where), validatorTitle: item.title as Text };
  }

  validators(list: unknown, where: string): ValidatorNode[] {
    if (!Array.isArray(list)) return [];
    return (list as Json[]).flatMap((v): ValidatorNode[] => {
      const text = v.text as Text;
      switch (v.type) {
        case 'numeric':
          return [{ type: 'numeric', min: typeof v.minValue === 'number' ? v.minValue : null, max: typeof v.maxValue === 'number' ? v.maxValue : null, text }];
        case 'text':
          return [{ type: 'text', minLength: positive(v.minLength) ?? 0, maxLength: positive(v.maxLength) ?? 0, allowDigits: v.allowDigits !== false, text }];
        case 'regex':
          return typeof v.regex === 'string' ? [{ type: 'regex', regex: new RegExp(v.regex, v.caseInsensitive === true ? 'i' : ''), text }] : [];
        case 'email':
          return [{ type: 'email', text }];
        case 'expression':
          return typeof v.expression === 'string' && v.expression ? [{ type: 'expression', condition: new ConditionRunner(v.expression), expression: v.expression, text }] : [];
        case 'answercount':
          return [{ type: 'answercount', min: positive(v.minCount) ?? 0, max: positive(v.maxCount) ?? 0, text }];
        default:
          this.unsupported.push(`${where}: validator '${String(v.type)}'`);
          return [];
      }
    });
  }

  conditions(expression: unknown, where: string): ConditionRunner[] {
    if (expression === undefined || expression === '') return [];
    const runner = new ConditionRunner(String(expression));
    if (!runner.canRun() || runner.isAsync) {
      this.unsupported.push(`${where}: condition '${String(expression)}'`);
      return [];
    }
    return [runner];
  }

  refuse(where: string, what: string): null {
    this.unsupported.push(`${where}: ${what}`);
    return null;
  }
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The values a rating offers: its `rateValues`, else rateMin..rateMax by rateStep (survey-core: 1..5 by 1). */
function ratingValues(el: Json): number[] {
  if (Array.isArray(el.rateValues) && el.rateValues.length > 0) {
    return (el.rateValues as unknown[]).map((v) => Number(v && typeof v === 'object' ? (v as Json).value : v));
  }
  const min = typeof el.rateMin === 'number' ? el.rateMin : 1;
  const max = typeof el.rateMax === 'number' ? el.rateMax : 5;
  const step = typeof el.rateStep === 'number' && el.rateStep > 0 ? el.rateStep : 1;
  const values: number[] = [];
  for (let v = min; v <= max + 1e-9 && values.length < 1000; v = Math.round((v + step) * 1e9) / 1e9) values.push(v);
  return values;
}
