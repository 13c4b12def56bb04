/**
 * The export as a script for `torchrun --nproc-per-node N`: the notebook's sections, then a
 * main that trains with DistributedDataParallel (gloo on CPU, nccl on CUDA). Each process
 * trains on its own contiguous slice of the corpus, so the sequential partition's carried state
 * still follows the text; gradients are averaged across processes and rank 0 saves.
 */
import type { TrainPreset } from '../../train/trainPreset';
import { EXPORT_FILES, pythonSections, type ExportFileNames } from './pythonSources';

const MAIN = [
  'import argparse',
  'import torch.distributed as dist',
  'from torch.nn.parallel import DistributedDataParallel',
  '',
  '',
  'def main():',
  '    global LR',
  "    parser = argparse.ArgumentParser(description='Train the exported model with DistributedDataParallel under torchrun.')",
  "    parser.add_argument('--epochs', type=int, default=NUM_EPOCHS)",
  "    parser.add_argument('--lr', type=float, default=LR)",
  "    parser.add_argument('--out', type=Path, default=OUT_FILE, help='the safetensors file rank 0 writes')",
  '    args = parser.parse_args()',
  '    LR = args.lr',
  "    cuda = torch.cuda.is_available()",
  "    dist.init_process_group('nccl' if cuda else 'gloo')",
  '    rank, world = dist.get_rank(), dist.get_world_size()',
  "    local_rank = int(os.environ.get('LOCAL_RANK', 0))",
  "    device = torch.device(f'cuda:{local_rank}') if cuda else torch.device('cpu')",
  '    # Equal contiguous slices, and the same seed in every process: equal minibatch counts,',
  '    # so no process waits on an all-reduce the others never start.',
  '    per_rank = len(corpus) // world',
  '    mine = corpus[rank * per_rank: (rank + 1) * per_rank]',
  '    ddp = DistributedDataParallel(net.to(device), device_ids=[local_rank] if cuda else None)',
  '',
  '    def pool(total, tokens):',
  '        """The perplexity over every process\'s tokens."""',
  '        both = torch.tensor([total, float(tokens)], dtype=torch.float64, device=device)',
  '        dist.all_reduce(both)',
  '        return float(both[0]), int(both[1])',
  '',
  '    log = print if rank == 0 else (lambda *_: None)',
  "    log(f'{world} processes, {per_rank} tokens each')",
  '    train_ch8(ddp, mine, vocab, args.epochs, device, pool=pool, log=log)',
  '    if rank == 0:',
  '        save_model(ddp, args.out)',
  '    dist.barrier()',
  '    dist.destroy_process_group()',
  '',
  '',
  "if __name__ == '__main__':",
  '    main()',
].join('\n');

/** The script's text; it reads its files from its own folder. */
export function torchrunScript(modelName: string, preset: TrainPreset, files: ExportFileNames = EXPORT_FILES): string {
  const header = [
    '#!/usr/bin/env python3',
    `"""${modelName}, exported from LSTM Lens, trained with DistributedDataParallel.`,
    '',
    `Run: torchrun --nproc_per_node 2 ${files.script} --epochs 10`,
    '(torch 1.13 on Python 3.11+ also needs --redirects 2 --tee 2: its default --redirects 0 fails there.)',
    `Writes ${files.trained} (or --out), which LSTM Lens's Load Model reads."""`,
  ].join('\n');
  const body = pythonSections(preset, 'Path(__file__).resolve().parent', files).map((s) => `# ${s.title}\n${s.code}`);
  return `${[header, ...body, MAIN].join('\n\n\n')}\n`;
}
