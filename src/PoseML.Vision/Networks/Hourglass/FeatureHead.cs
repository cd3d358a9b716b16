using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>What follows each hourglass before its heatmaps (Newell et al. Fig. 4): a residual module, then a 1×1
/// convolution with BN and ReLU. PyTorch names: res, conv, bn.</summary>
public sealed class FeatureHead : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch-style names are the state-dict keys
    private readonly Residual res;
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
#pragma warning restore IDE1006

    /// <summary>A head of <paramref name="width"/> channels.</summary>
    public FeatureHead(int width) : base(nameof(FeatureHead))
    {
        res = new Residual(width, width);
        conv = nn.Conv2d(width, width, 1);
        bn = nn.BatchNorm2d(width);
        RegisterComponents();
    }

    internal Residual Res => res;

    internal Conv2d Conv => conv;

    internal BatchNorm2d Bn => bn;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return nn.functional.relu(bn.forward(conv.forward(res.forward(x)))).MoveToOuterDisposeScope();
    }
}
