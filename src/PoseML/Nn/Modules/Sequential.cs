namespace PoseML.Nn.Modules;

/// <summary>Runs submodules one after another (PyTorch's <c>nn.Sequential</c>); submodules are named
/// "0", "1", … unless names are given.</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _layers;

    /// <summary>Chains <paramref name="layers"/>, named by index.</summary>
    public Sequential(params Module[] layers) : this(layers.Select((m, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), m))) { }

    /// <summary>Chains named layers.</summary>
    public Sequential(IEnumerable<(string Name, Module Module)> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var list = new List<Module>();
        foreach (var (name, module) in layers) list.Add(RegisterModule(name, module));
        _layers = list.ToArray();
    }

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Length;

    /// <summary>Layer <paramref name="index"/>.</summary>
    public Module this[int index] => _layers[index];

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var h = input;
        foreach (var layer in _layers) h = layer.Forward(h);
        return h;
    }

    /// <inheritdoc />
    public override Tensor Backward(Tensor gradOutput)
    {
        var g = gradOutput;
        for (var i = _layers.Length - 1; i >= 0; i--) g = _layers[i].Backward(g);
        return g;
    }
}
