/** What any saved model holds, in whatever file format: the model, its weights and its text side. */
import { ModelConfig, validateModelConfig } from '../model/config';
import { ParamSet, validateParams } from '../model/paramSpec';
import type { Tokenizer } from '../text/tokenizer';
import { Vocab } from '../text/vocab';

export interface SavedModel {
  readonly config: ModelConfig;
  readonly tokenizer: Tokenizer;
  /** The vocabulary's tokens in index order (`Vocab.idxToToken`), `<unk>` first. */
  readonly vocab: readonly string[];
  /** Weights by d2l name (`l0.W_xi`, ..., `W_hq`, `b_q`). */
  readonly params: ParamSet;
}

/**
 * Throws, naming the problem, unless `model` is whole: a valid config, a vocabulary of exactly
 * `vocabSize` distinct tokens, every parameter of the right size and every weight finite.
 */
export function checkSavedModel(model: SavedModel): void {
  validateModelConfig(model.config);
  new Vocab(model.vocab); // throws on a missing <unk> or a repeated token
  if (model.vocab.length !== model.config.vocabSize) {
    throw new Error(`The vocabulary has ${model.vocab.length} tokens but the model's vocabSize is ${model.config.vocabSize}`);
  }
  validateParams(model.config, model.params);
  for (const [name, values] of model.params) {
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`Parameter ${name} holds ${values[bad]} at index ${bad}`);
  }
}
