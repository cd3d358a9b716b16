using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace PoseML.Vision.Networks.Hourglass;

/// <summary>Newell et al.'s stacked hourglass network as Deep Pose Consensus Networks uses it (§4.1): a <see cref="Stem"/>,
/// then <see cref="HourglassShape.Stacks"/> hourglasses, each followed by a <see cref="FeatureHead"/> and a 1×1 convolution
/// to one heatmap per joint; between stacks the features and the heatmaps, each through a 1×1 convolution, are added to
/// the stack's input (intermediate supervision). Heatmaps are S/4 × S/4.</summary>
/// <remarks>State-dict names follow PyTorch: <c>stem.*</c>, <c>hourglasses.{i}.*</c>, <c>features.{i}.*</c>,
/// <c>heads.{i}.*</c>, <c>merge_features.{i}.*</c>, <c>merge_heads.{i}.*</c> (i &lt; Stacks − 1 for the merges), as written
/// by <c>tests/PoseML.Vision.Tests/Fixtures/hourglass/make_fixture.py</c>.</remarks>
public sealed class StackedHourglass : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // PyTorch-style names are the state-dict keys
    private readonly Stem stem;
    private readonly ModuleList<Hourglass> hourglasses;
    private readonly ModuleList<FeatureHead> features;
    private readonly ModuleList<Conv2d> heads, merge_features, merge_heads;
#pragma warning restore IDE1006

    /// <summary>A network of <paramref name="shape"/>, initialised by TorchSharp's default initialisers from the global
    /// generator (use <see cref="Create"/> for reproducible weights).</summary>
    public StackedHourglass(HourglassShape shape) : base(nameof(StackedHourglass))
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        Shape = shape;
        var w = shape.Width;
        lock (TorchDeterminism.Gate) // initialisers draw from libtorch's global generator: no other seeded construction interleaves
        {
            stem = new Stem(w);
            hourglasses = nn.ModuleList(Enumerable.Range(0, shape.Stacks).Select(_ => new Hourglass(shape.Depth, w)).ToArray());
            features = nn.ModuleList(Enumerable.Range(0, shape.Stacks).Select(_ => new FeatureHead(w)).ToArray());
            heads = nn.ModuleList(Enumerable.Range(0, shape.Stacks).Select(_ => nn.Conv2d(w, shape.Joints, 1)).ToArray());
            merge_features = nn.ModuleList(Enumerable.Range(0, shape.Stacks - 1).Select(_ => nn.Conv2d(w, w, 1)).ToArray());
            merge_heads = nn.ModuleList(Enumerable.Range(0, shape.Stacks - 1).Select(_ => nn.Conv2d(shape.Joints, w, 1)).ToArray());
        }
        RegisterComponents();
    }

    /// <summary>A network of <paramref name="shape"/> whose initial weights depend on <paramref name="seed"/> only.</summary>
    public static StackedHourglass Create(HourglassShape shape, int seed)
    {
        lock (TorchDeterminism.Gate)
        {
            TorchDeterminism.Seed(seed);
            return new StackedHourglass(shape);
        }
    }

    /// <summary>The architecture.</summary>
    public HourglassShape Shape { get; }

    internal Stem StemModule => stem;

    internal ModuleList<Hourglass> Hourglasses => hourglasses;

    internal ModuleList<FeatureHead> Features => features;

    internal ModuleList<Conv2d> Heads => heads;

    internal ModuleList<Conv2d> MergeFeatures => merge_features;

    internal ModuleList<Conv2d> MergeHeads => merge_heads;

    /// <summary>Every stack's heatmaps: images [B,3,S,S] → [B, Stacks, J, S/4, S/4] (the training output).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = stem.forward(images);
        var outputs = new List<Tensor>(Shape.Stacks);
        for (var i = 0; i < Shape.Stacks; i++)
        {
            var feature = features[i].forward(hourglasses[i].forward(x));
            var heatmaps = heads[i].forward(feature);
            outputs.Add(heatmaps);
            if (i < Shape.Stacks - 1) x = x + merge_features[i].forward(feature) + merge_heads[i].forward(heatmaps);
        }
        return stack(outputs, 1).MoveToOuterDisposeScope();
    }

    /// <summary>The last stack's heatmaps: images [B,3,S,S] → [B, J, S/4, S/4] (the prediction).</summary>
    public Tensor Predict(Tensor images)
    {
        using var scope = NewDisposeScope();
        var all = forward(images);
        return all.select(1, Shape.Stacks - 1).contiguous().MoveToOuterDisposeScope();
    }
}
