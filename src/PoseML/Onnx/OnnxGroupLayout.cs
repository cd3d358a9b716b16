namespace PoseML.Onnx;

/// <summary>How a grouped network (G lifters as <see cref="Nn.Modules.GroupedLinear"/> layers) is laid out in
/// the exported graph. Both compute the same function; they differ in speed only. Measured in ONNX Runtime 1.32 on
/// 2 cores (17 lifters, width 256, docs/benchmarks.md): <see cref="BatchedMatMul"/> is ≈ 1.4× faster at batch 1024,
/// <see cref="PerGroupGemm"/> ≈ 1.3× faster at batch 1 (its 2D weights are pre-packed; batched MatMul weights are
/// not), so the default favours throughput.</summary>
public enum OnnxGroupLayout
{
    /// <summary>The activations are kept as one [G, batch, features] tensor and each grouped layer is one
    /// batched <c>MatMul</c> with a [G, in, out] weight plus an <c>Add</c> of a [G, 1, out] bias: a fixed
    /// number of nodes whatever G (≈ 3 per layer).</summary>
    BatchedMatMul,

    /// <summary>The input is <c>Split</c> into G [batch, in] blocks, each group runs as its own chain of
    /// <c>Gemm</c> nodes, and the outputs are <c>Concat</c>enated: G times more nodes, each a plain GEMM.</summary>
    PerGroupGemm,
}
