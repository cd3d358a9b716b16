using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>The hourglass network's front (Newell et al. §3.1): a 7×7 stride-2 convolution (3 → width/2) with BN and
/// ReLU, a residual module to the full width, a 2×2 max-pool and two more residual modules, taking an S×S image to
/// S/4 × S/4 features. PyTorch names: conv, bn, res1, res2, res3.</summary>
public sealed class Stem : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch-style names are the state-dict keys
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly Residual res1, res2, res3;
#pragma warning restore IDE1006

    /// <summary>A stem ending in <paramref name="width"/> channels.</summary>
    public Stem(int width) : base(nameof(Stem))
    {
        conv = nn.Conv2d(3, width / 2, 7, stride: 2, padding: 3);
        bn = nn.BatchNorm2d(width / 2);
        res1 = new Residual(width / 2, width);
        res2 = new Residual(width, width);
        res3 = new Residual(width, width);
        RegisterComponents();
    }

    internal Conv2d Conv => conv;

    internal BatchNorm2d Bn => bn;

    internal Residual Res1 => res1;

    internal Residual Res2 => res2;

    internal Residual Res3 => res3;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = res1.forward(nn.functional.relu(bn.forward(conv.forward(x))));
        h = res3.forward(res2.forward(nn.functional.max_pool2d(h, 2, 2)));
        return h.MoveToOuterDisposeScope();
    }
}
