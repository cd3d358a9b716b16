using System.Numerics.Tensors;
using PoseML.Core;

namespace PoseML.Nn.Modules;

/// <summary>A residual block <c>y = x + f(x)</c> where f is its layers run in order. The layers are
/// registered directly on the block under the given names (so a block of a PyTorch module with fields
/// <c>l1</c>, <c>b1</c>, … has keys <c>l1.weight</c>, <c>b1.running_mean</c>, …). f must keep the shape.</summary>
public sealed class ResidualBlock : Module
{
    private readonly Module[] _layers;
    private Tensor? _output;
    private Tensor? _gradInput;

    /// <summary>A block over layers named by index ("0", "1", …).</summary>
    public ResidualBlock(params Module[] layers) : this(layers.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m))) { }

    /// <summary>A block over named layers.</summary>
    public ResidualBlock(IEnumerable<(string Name, Module Module)> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var list = new List<Module>();
        foreach (var (name, module) in layers) list.Add(RegisterModule(name, module));
        _layers = list.ToArray();
    }

    /// <summary>The layers of f, in order.</summary>
    public IReadOnlyList<Module> Layers => _layers;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var h = input;
        foreach (var layer in _layers) h = layer.Forward(h);
        if (!h.Shape.AsSpan().SequenceEqual(input.Shape))
            throw new InvalidOptionException("input", $"the residual branch maps [{string.Join(",", input.Shape)}] to [{string.Join(",", h.Shape)}]; it must keep the shape");
        var y = TensorBuffers.EnsureLike(ref _output, input);
        TensorPrimitives.Add(input.Span, h.Span, y.Span);
        return y;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        TensorBuffers.CheckGradient(gradOutput, _output, nameof(ResidualBlock));
        var g = gradOutput;
        for (var i = _layers.Length - 1; i >= 0; i--) g = _layers[i].Backward(g);
        var dx = TensorBuffers.EnsureLike(ref _gradInput, gradOutput);
        TensorPrimitives.Add(gradOutput.Span, g.Span, dx.Span);
        return dx;
    }
}
