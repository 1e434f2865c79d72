// Tests read JSON bodies whose shape they assert on; `any` here keeps the assertions readable.
interface Response {
  json(): Promise<any>;
}
interface Body {
  json(): Promise<any>;
}
