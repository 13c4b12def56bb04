/** What the runTraining tests share: a short text, a tiny quick preset, a request, and a named fused engine. */
import type { EngineCandidate } from '../../src/core/engine/chooseEngine';
import { createNodeFusedEngine } from '../../src/core/engine/fused/train/nodeFusedEngine';
import { cloneParams } from '../../src/core/model/paramSpec';
import { PRESETS, type TrainPreset } from '../../src/core/train/trainPreset';
import type { CandidateInputs } from '../../src/core/train/trainRun';
import type { TrainRequest } from '../../src/protocol/training';

export const TEXT = 'the time traveller (for so it will be convenient to speak of him) was expounding a recondite matter to us. '.repeat(8);
export const PRESET: TrainPreset = { ...PRESETS.quick, hiddenSize: 16, numSteps: 8, batchSize: 4, epochs: 4, samplePrefix: 'the ', sampleLength: 10 };

export function request(extra: Partial<TrainRequest> = {}): TrainRequest {
  return {
    runId: 'run-1', modelName: 'm', sourceLabel: 'test', text: TEXT, tokenizer: { kind: 'chars', maxVocab: 100 }, preset: PRESET,
    engine: 'auto', checkpointEveryMs: 0, provenance: {}, ...extra,
  };
}

/** The fused engine on one thread under `name`, so one candidate can fail and another take over. */
export function fusedCandidate(name: string, { config, params, optimizer }: CandidateInputs): EngineCandidate {
  return { name, create: async () => Object.assign(await createNodeFusedEngine(config, cloneParams(params), optimizer, 1), { name }) };
}
