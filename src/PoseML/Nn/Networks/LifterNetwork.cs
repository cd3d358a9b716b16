using PoseML.Nn.Init;
using PoseML.Nn.Modules;

namespace PoseML.Nn.Networks;

/// <summary>The 2D→3D lifting MLP of Martinez et al. (2017) as used by Deep Pose Consensus Networks:
/// Linear(in→W) → BatchNorm → act → Dropout, R residual blocks of 2 × [Linear(W→W) → BatchNorm → act →
/// Dropout] with a skip connection, then Linear(W→out). With <see cref="LifterNetworkOptions.Groups"/>
/// G &gt; 1, G independent lifters run together: every linear layer is a <see cref="GroupedLinear"/>
/// (input [batch, G·in] → output [batch, G·out], group g contiguous) and each BatchNorm covers G·W
/// features, which is exactly per-group batch normalisation.</summary>
/// <remarks>
/// State-dict names are those of the PyTorch module <c>Lifter</c> in <c>refs/perf/lifter.py</c>
/// (fields <c>inp</c>, <c>bn</c>, <c>blocks</c> = <c>nn.Sequential</c> of blocks with <c>l1</c>, <c>b1</c>,
/// <c>l2</c>, <c>b2</c>, and <c>out</c>), so its weights load directly:
/// <c>inp.weight</c> [W, in], <c>inp.bias</c> [W], <c>bn.{weight, bias, running_mean, running_var,
/// num_batches_tracked}</c> [W] / [], <c>blocks.{r}.l1.weight</c> [W, W], <c>blocks.{r}.l1.bias</c>,
/// <c>blocks.{r}.b1.*</c>, <c>blocks.{r}.l2.*</c>, <c>blocks.{r}.b2.*</c>, <c>out.weight</c> [out, W],
/// <c>out.bias</c> [out]. With G groups the linear weights are [G, out, in] and biases [G, out]
/// (see <see cref="GroupedLinear"/>), BatchNorm tensors are [G·W].
/// </remarks>
public sealed class LifterNetwork : Module
{
    private readonly Module _input;
    private readonly BatchNorm1d _inputNorm;
    private readonly Module _inputActivation;
    private readonly Dropout _inputDropout;
    private readonly Sequential _blocks;
    private readonly Module _output;
    private readonly Module[] _linears;

    /// <summary>Builds the network, initialised from <see cref="LifterNetworkOptions.Seed"/>.</summary>
    public LifterNetwork(LifterNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        var random = new Random(options.Seed);
        var width = options.Width;
        var groups = options.Groups;
        var linears = new List<Module>();

        Module NewLinear(int fanIn, int fanOut)
        {
            Module layer = groups == 1 ? new Linear(fanIn, fanOut, random) : new GroupedLinear(groups, fanIn, fanOut, random);
            if (options.Initialization == LifterInitialization.KaimingNormal)
            {
                foreach (var (name, p) in layer.NamedParameters())
                {
                    if (name == "weight") WeightInit.KaimingNormal(p.Value.Span, fanIn, random);
                    else p.Value.Span.Clear();
                }
            }
            linears.Add(layer);
            return layer;
        }

        Module NewActivation() => options.Activation == LifterActivation.ReLU ? new ReLU() : new LeakyReLU(options.LeakySlope);
        BatchNorm1d NewNorm() => new(groups * width, momentum: options.BatchNormMomentum);
        Dropout NewDropout() => new(options.Dropout, random.NextInt64());

        _input = RegisterModule("inp", NewLinear(options.InputFeatures, width));
        _inputNorm = RegisterModule("bn", NewNorm());
        _inputActivation = RegisterModule("act", NewActivation());
        _inputDropout = RegisterModule("drop", NewDropout());
        var blocks = new List<Module>();
        for (var r = 0; r < options.ResidualBlocks; r++)
        {
            blocks.Add(new ResidualBlock(new (string, Module)[]
            {
                ("l1", NewLinear(width, width)), ("b1", NewNorm()), ("act1", NewActivation()), ("drop1", NewDropout()),
                ("l2", NewLinear(width, width)), ("b2", NewNorm()), ("act2", NewActivation()), ("drop2", NewDropout()),
            }));
        }
        _blocks = RegisterModule("blocks", new Sequential(blocks.ToArray()));
        _output = RegisterModule("out", NewLinear(width, options.OutputFeatures));
        _linears = linears.ToArray();
    }

    /// <summary>The architecture.</summary>
    public LifterNetworkOptions Options { get; }

    /// <summary>Input features of the whole network (G·in).</summary>
    public int InputSize => Options.Groups * Options.InputFeatures;

    /// <summary>Output features of the whole network (G·out).</summary>
    public int OutputSize => Options.Groups * Options.OutputFeatures;

    /// <summary>The linear layers (<see cref="Linear"/> or <see cref="GroupedLinear"/>), input to output.</summary>
    public IReadOnlyList<Module> LinearLayers => _linears;

    /// <summary>Maximum threads the GEMMs may use (≤ 0: every core).</summary>
    public int MaxThreads
    {
        get => _linears[0] is Linear l ? l.MaxThreads : ((GroupedLinear)_linears[0]).MaxThreads;
        set
        {
            foreach (var layer in _linears)
            {
                if (layer is Linear l) l.MaxThreads = value;
                else ((GroupedLinear)layer).MaxThreads = value;
            }
        }
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var h = _input.Forward(input);
        h = _inputNorm.Forward(h);
        h = _inputActivation.Forward(h);
        h = _inputDropout.Forward(h);
        h = _blocks.Forward(h);
        return _output.Forward(h);
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        var g = _output.Backward(gradOutput);
        g = _blocks.Backward(g);
        g = _inputDropout.Backward(g);
        g = _inputActivation.Backward(g);
        g = _inputNorm.Backward(g);
        return _input.Backward(g);
    }
}
