import { Layout, type PageContext } from './layout';

export function ErrorPage(props: { ctx: PageContext; status: number; message: string }) {
  return (
    <Layout ctx={props.ctx} title={String(props.status)}>
      <section class="card error-page">
        <h1>{props.status}</h1>
        <p role="alert">{props.message}</p>
        <p>
          <a href="/">←</a>
        </p>
      </section>
    </Layout>
  );
}

/** What htmx swaps in when a request fails outside a form. */
export function ErrorFragment(props: { message: string }) {
  return (
    <div class="alert" role="alert">
      {props.message}
    </div>
  );
}
