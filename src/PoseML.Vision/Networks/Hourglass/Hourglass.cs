using TorchSharp;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>One hourglass of depth n (Newell et al. 2016, Fig. 3): <c>up1</c> keeps the resolution; <c>low1</c> runs
/// after a 2×2 max-pool, then <c>low2</c> (an hourglass of depth n−1, or a residual module at depth 1) and
/// <c>low3</c>; the result is upsampled ×2 (nearest) and added to <c>up1</c>'s output. Every module has the same width.</summary>
public sealed class Hourglass : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch-style names are the state-dict keys
    private readonly Residual up1, low1, low3;
    private readonly nn.Module<Tensor, Tensor> low2;
#pragma warning restore IDE1006

    /// <summary>An hourglass of <paramref name="depth"/> levels and <paramref name="width"/> channels.</summary>
    public Hourglass(int depth, int width) : base(nameof(Hourglass))
    {
        Depth = depth;
        up1 = new Residual(width, width);
        low1 = new Residual(width, width);
        low2 = depth > 1 ? new Hourglass(depth - 1, width) : new Residual(width, width);
        low3 = new Residual(width, width);
        RegisterComponents();
    }

    /// <summary>Down-sampling levels.</summary>
    public int Depth { get; }

    internal Residual Up1 => up1;

    internal Residual Low1 => low1;

    internal nn.Module<Tensor, Tensor> Low2 => low2;

    internal Residual Low3 => low3;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var up = up1.forward(x);
        var low = low3.forward(low2.forward(low1.forward(nn.functional.max_pool2d(x, 2, 2))));
        var y = up + nn.functional.interpolate(low, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return y.MoveToOuterDisposeScope();
    }
}
