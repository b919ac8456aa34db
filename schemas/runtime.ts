/** The compiled fly.toml model, as the language service reads it (built by schemas/generate.ts). */
import compiled from "./fly.model.json";
import { Model, type IRModel } from "./ir";

export const model = new Model(compiled as unknown as IRModel);
