import { placeSuccessions, places } from '../../db/schema';
import type { Db } from '../db';
import { placeGraph, type PlaceGraph } from '../domain/places';

/** All places and successions as a graph for roll-ups; the tables are small, so one read each. */
export async function loadPlaceGraph(db: Db): Promise<PlaceGraph> {
  const [nodes, successions] = await Promise.all([db.select().from(places), db.select().from(placeSuccessions)]);
  return placeGraph(nodes, successions);
}
