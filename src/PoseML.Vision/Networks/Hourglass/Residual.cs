using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>Newell et al.'s residual module (pre-activation bottleneck): BN → ReLU → 1×1 conv (out/2) → BN → ReLU →
/// 3×3 conv (out/2) → BN → ReLU → 1×1 conv (out), plus the input, through a 1×1 convolution <c>skip</c> when the
/// channel counts differ. PyTorch names: bn1, conv1, bn2, conv2, bn3, conv3, skip.</summary>
public sealed class Residual : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch-style names are the state-dict keys
    private readonly BatchNorm2d bn1, bn2, bn3;
    private readonly Conv2d conv1, conv2, conv3;
    private readonly Conv2d? skip;
#pragma warning restore IDE1006

    /// <summary>A module mapping <paramref name="inChannels"/> to <paramref name="outChannels"/> channels at the same resolution.</summary>
    public Residual(int inChannels, int outChannels) : base(nameof(Residual))
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        var mid = outChannels / 2;
        bn1 = nn.BatchNorm2d(inChannels);
        conv1 = nn.Conv2d(inChannels, mid, 1);
        bn2 = nn.BatchNorm2d(mid);
        conv2 = nn.Conv2d(mid, mid, 3, padding: 1);
        bn3 = nn.BatchNorm2d(mid);
        conv3 = nn.Conv2d(mid, outChannels, 1);
        if (inChannels != outChannels) skip = nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    internal BatchNorm2d Bn1 => bn1;

    internal BatchNorm2d Bn2 => bn2;

    internal BatchNorm2d Bn3 => bn3;

    internal Conv2d Conv1 => conv1;

    internal Conv2d Conv2 => conv2;

    internal Conv2d Conv3 => conv3;

    internal Conv2d? Skip => skip;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = conv1.forward(nn.functional.relu(bn1.forward(x)));
        h = conv2.forward(nn.functional.relu(bn2.forward(h)));
        h = conv3.forward(nn.functional.relu(bn3.forward(h)));
        var y = h + (skip is null ? x : skip.forward(x));
        return y.MoveToOuterDisposeScope();
    }
}
