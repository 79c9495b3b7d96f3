// Row-wise softmax over a [rows, cols] matrix, one block per row.
#include <cuda_runtime.h>

__global__ void fused_softmax(const float* in, float* out, int cols) {
    extern __shared__ float cache[];
    const float* row = in + blockIdx.x * cols;
    float peak = -1e30f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) peak = fmaxf(peak, row[i]);
    cache[threadIdx.x] = peak;
    __syncthreads();
    /* a tree reduction would go here */
    float sum = 0.0f;
    for (int i = threadIdx.x; i < cols; i += blockDim.x) sum += expf(row[i] - cache[0]);
    for (int i = threadIdx.x; i < cols; i += blockDim.x) out[blockIdx.x * cols + i] = expf(row[i] - cache[0]) / sum;
}
