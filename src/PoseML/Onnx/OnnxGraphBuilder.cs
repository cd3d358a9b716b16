using System.Globalization;

namespace PoseML.Onnx;

/// <summary>Accumulates nodes and initializers of one graph, naming intermediate values uniquely
/// (<c>{prefix}_{n}</c>) so that emitters can chain operators by name.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly List<OnnxNode> _nodes = new();
    private readonly List<OnnxTensor> _initializers = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private int _counter;

    /// <summary>The nodes added so far.</summary>
    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    /// <summary>A fresh value name based on <paramref name="prefix"/>.</summary>
    public string NewName(string prefix)
    {
        string name;
        do name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{_counter++}");
        while (!_names.Add(name));
        return name;
    }

    /// <summary>Reserves <paramref name="name"/> (a graph input or output) so that no generated name collides with it.</summary>
    public void Reserve(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"the value name '{name}' is used twice");
    }

    /// <summary>Adds a float32 initializer and returns its name.</summary>
    public string Constant(string prefix, float[] values, params long[] dims)
    {
        var name = NewName(prefix);
        _initializers.Add(OnnxTensor.Float(name, values, dims));
        return name;
    }

    /// <summary>Adds an int64 initializer and returns its name.</summary>
    public string Constant(string prefix, long[] values, params long[] dims)
    {
        var name = NewName(prefix);
        _initializers.Add(OnnxTensor.Int64(name, values, dims));
        return name;
    }

    /// <summary>Adds a one-output node writing a fresh value and returns the value's name.</summary>
    public string Op(string opType, string[] inputs, params OnnxAttribute[] attributes) => Op(opType, inputs, NewName(opType), attributes);

    /// <summary>Adds a one-output node writing <paramref name="output"/> and returns it.</summary>
    public string Op(string opType, string[] inputs, string output, params OnnxAttribute[] attributes)
    {
        _nodes.Add(new OnnxNode(opType, NewName("node_" + opType), inputs, [output], attributes));
        return output;
    }

    /// <summary>Adds a node with several outputs (fresh names) and returns them.</summary>
    public string[] OpMulti(string opType, string[] inputs, int outputs, params OnnxAttribute[] attributes)
    {
        var names = Enumerable.Range(0, outputs).Select(_ => NewName(opType)).ToArray();
        _nodes.Add(new OnnxNode(opType, NewName("node_" + opType), inputs, names, attributes));
        return names;
    }

    /// <summary>Renames the output of the last node to <paramref name="name"/> (a graph output), or adds an
    /// <c>Identity</c> when <paramref name="value"/> is not the last node's output (e.g. a graph input).</summary>
    public void Bind(string value, string name)
    {
        if (value == name) return;
        if (_nodes.Count > 0 && _nodes[^1].Outputs is [var last] && last == value)
        {
            var n = _nodes[^1];
            _nodes[^1] = new OnnxNode(n.OpType, n.Name, n.Inputs, [name], n.Attributes.ToArray());
            return;
        }
        Op("Identity", [value], name);
    }

    /// <summary>The finished graph.</summary>
    public OnnxGraph Build(string name, OnnxValueInfo input, OnnxValueInfo output) => new(name, _nodes, _initializers, [input], [output]);
}
