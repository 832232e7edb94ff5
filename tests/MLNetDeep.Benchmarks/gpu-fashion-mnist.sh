#!/usr/bin/env bash
# The Fashion-MNIST "close to the hardware" benchmark on a CUDA machine, in float32, float16 and bfloat16 (issue 19).
# Needs an NVIDIA GPU with its driver and the TorchSharp-cuda-linux package (restored by the cuda build switch).
# Usage: tests/MLNetDeep.Benchmarks/gpu-fashion-mnist.sh   (from anywhere; run as root or with apt-get rights once,
# to install Debian's dataset-fashion-mnist; on other systems put the four .gz files in /usr/share/datasets/fashion-mnist)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    apt-get update && apt-get install -y --no-install-recommends dataset-fashion-mnist
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || { echo "no NVIDIA GPU (nvidia-smi failed)" >&2; exit 1; }
dotnet build tests/MLNetDeep.Benchmarks -c Release -p:TorchBackend=cuda
for precision in None Float16 BFloat16; do
    MLNETDEEP_BENCH_DEVICE=cuda MLNETDEEP_BENCH_PRECISION=$precision OMP_WAIT_POLICY=PASSIVE \
        dotnet run -c Release -p:TorchBackend=cuda --no-build --project tests/MLNetDeep.Benchmarks -- hardware
done
