// @ts-check
// The device's drafts and send queue in IndexedDB (through `idb`, loaded as a classic script before the modules),
// one database per signed-in person ('moc-field:<email>'), so that nobody's unsent surveys reach another
// person's queue. Nothing here sends or draws: sync.js sends, field-bar.js shows.
// - A draft: the answers of a survey not finished yet (survey-page.js), keyed by its submission id.
// - A queue item: a finished survey (or a correction, corrections.js) with its client UUID, waiting, sent or
//   refused; kept after sending so the bar can count it, and never dropped while unsent.

/**
 * @typedef {import('./sync-rules.js').Problem} Problem
 * @typedef {import('./backup-format.js').SubmissionBody} SubmissionBody
 * @typedef {{ id: string, body: SubmissionBody, postUrl: string, state: 'waiting' | 'sent' | 'rejected', queuedAt: string, sentAt?: string, receivedAt?: string, problem?: Problem,
 *   kind?: 'correction', submission?: string, method?: 'PUT' }} QueueItem
 * @typedef {{ id: string, updatedAt?: string, [key: string]: unknown }} Draft
 * @typedef {{ objectStore(name: string): { put(value: unknown): unknown, delete(key: string): unknown }, store: { get(key: string): Promise<unknown>, put(value: unknown): Promise<unknown> }, done: Promise<void> }} Tx
 * @typedef {{
 *   get(store: string, key: string): Promise<any>, getAll(store: string): Promise<any[]>,
 *   put(store: string, value: unknown): Promise<unknown>, delete(store: string, key: string): Promise<void>,
 *   transaction(stores: string | string[], mode: 'readwrite'): Tx,
 *   createObjectStore(name: string, options: { keyPath: string }): { createIndex(name: string, keyPath: string): void },
 * }} Db
 * @typedef {ReturnType<typeof openOutbox>} Outbox
 */

/** @type {{ openDB(name: string, version: number, options: { upgrade(db: Db): void }): Promise<Db> }} */
var idb = /** @type {any} */ (window).idb;

/**
 * The drafts and queue of `user` (their email, as the server knows them).
 * @param {string} user
 */
export function openOutbox(user) {
  var dbPromise = idb.openDB('moc-field:' + user, 1, {
    upgrade: function (db) {
      db.createObjectStore('drafts', { keyPath: 'id' });
      var outbox = db.createObjectStore('outbox', { keyPath: 'id' });
      outbox.createIndex('state', 'state');
    },
  });

  return {
    /**
     * @param {Draft} draft
     * @param {Date} now
     */
    saveDraft: function (draft, now) {
      draft.updatedAt = now.toISOString();
      return dbPromise.then(function (db) { return db.put('drafts', draft); });
    },
    /** @param {string} id */
    getDraft: function (id) { return dbPromise.then(function (db) { return db.get('drafts', id); }); },
    /** Every draft on the device (survey-page.js reads each survey's own fields). */
    listDrafts: function () { return dbPromise.then(function (db) { return db.getAll('drafts'); }); },
    /** @param {string} id */
    deleteDraft: function (id) { return dbPromise.then(function (db) { return db.delete('drafts', id); }); },

    /**
     * A finished survey moves from the drafts to the queue in one transaction: never both, never neither.
     * @param {SubmissionBody} body
     * @param {string} postUrl
     * @param {Date} now
     */
    enqueue: function (body, postUrl, now) {
      return dbPromise.then(function (db) {
        var tx = db.transaction(['drafts', 'outbox'], 'readwrite');
        tx.objectStore('drafts').delete(body.id);
        tx.objectStore('outbox').put({ id: body.id, body: body, postUrl: postUrl, state: 'waiting', queuedAt: now.toISOString() });
        return tx.done;
      });
    },
    /**
     * Queues imported surveys, leaving out any already queued or sent from this device; resolves to how many were added.
     * @param {SubmissionBody[]} bodies
     * @param {(round: string) => string} urlOf where a round's surveys are sent
     * @param {Date} now
     * @returns {Promise<number>}
     */
    enqueueNew: function (bodies, urlOf, now) {
      return dbPromise.then(function (db) {
        var tx = db.transaction('outbox', 'readwrite');
        var added = 0;
        return Promise.all(
          bodies.map(function (body) {
            return tx.store.get(body.id).then(function (known) {
              if (known) return;
              added += 1;
              return tx.store.put({ id: body.id, body: body, postUrl: urlOf(body.round), state: 'waiting', queuedAt: now.toISOString() });
            });
          }),
        )
          .then(function () { return tx.done; })
          .then(function () { return added; });
      });
    },
    /** @returns {Promise<QueueItem[]>} */
    items: function () { return dbPromise.then(function (db) { return db.getAll('outbox'); }); },
    /**
     * @param {string} id
     * @returns {Promise<QueueItem | undefined>}
     */
    item: function (id) { return dbPromise.then(function (db) { return db.get('outbox', id); }); },
    /** @param {QueueItem} item */
    putItem: function (item) { return dbPromise.then(function (db) { return db.put('outbox', item); }); },
    /** @param {string} id */
    removeItem: function (id) { return dbPromise.then(function (db) { return db.delete('outbox', id); }); },
  };
}
