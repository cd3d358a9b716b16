using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.DomainConversion;

/// <summary>The domain conversion for one heatmap shape (see <see cref="DomainConversionEstimator"/>): in process it
/// runs PoseML's batched soft-argmax/argmax; saved, it is an ONNX graph of the same computation applied with
/// <c>ApplyOnnxModel</c>.</summary>
public sealed class DomainConversionTransformer : PoseTransformerBase
{
    private readonly Lazy<ITransformer> _savedForm;

    internal DomainConversionTransformer(DomainConversionOptions options, int joints, int height, int width, DataViewSchema inputSchema)
    {
        Options = options;
        Joints = joints;
        Height = height;
        Width = width;
        _savedForm = new(() => OnnxSavedForm.Fit(OnnxSavedForm.Estimator(OnnxModel(),
            options.MappingColumnName is { } mapping ? [options.InputColumnName, mapping] : [options.InputColumnName], OutputNames), inputSchema));
    }

    /// <summary>The options.</summary>
    public DomainConversionOptions Options { get; }

    /// <summary>Joints J (maps per row).</summary>
    public int Joints { get; }

    /// <summary>Map height H.</summary>
    public int Height { get; }

    /// <summary>Map width W.</summary>
    public int Width { get; }

    private string[] OutputNames => Options.ConfidenceColumnName is { } c ? [Options.OutputColumnName, c] : [Options.OutputColumnName];

    /// <summary>The ONNX graph the stage saves as (one row: heatmaps [J,H,W] → keypoints [J,2], confidence [J]);
    /// also usable outside .NET.</summary>
    public byte[] OnnxModel() => DomainConversionGraph.Build(Options, Joints, Height, Width);

    /// <inheritdoc />
    protected override ITransformer SavedForm => _savedForm.Value;

    /// <inheritdoc />
    protected override BatchMapper Bind(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    /// <summary>Reads the heatmap column's shape: a float vector with dimensions [J,H,W].</summary>
    /// <exception cref="SchemaMismatchException">The column is missing or is not such a vector.</exception>
    internal static (int Joints, int Height, int Width) RequireHeatmaps(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new SchemaMismatchException(name, $"missing; expected heatmaps float[J,H,W] (e.g. float[17,64,64]) (columns present: {string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => c.Name))})");
        if (column.Type is not VectorDataViewType { IsKnownSize: true, Dimensions.Length: 3 } v || v.ItemType != NumberDataViewType.Single)
            throw new SchemaMismatchException(name, $"expected heatmaps float[J,H,W] (e.g. float[17,64,64]), found {PoseColumnTypes.Describe(column.Type)}");
        return (v.Dimensions[0], v.Dimensions[1], v.Dimensions[2]);
    }

    private sealed class Mapper : BatchMapper
    {
        private readonly DomainConversionTransformer _stage;

        public Mapper(DomainConversionTransformer stage, DataViewSchema schema)
            : base(schema, InputsOf(stage, schema), OutputsOf(stage)) => _stage = stage;

        private static (string, int)[] InputsOf(DomainConversionTransformer stage, DataViewSchema schema)
        {
            var shape = RequireHeatmaps(schema, stage.Options.InputColumnName);
            if (shape != (stage.Joints, stage.Height, stage.Width))
                throw new SchemaMismatchException(stage.Options.InputColumnName,
                    $"expected float[{stage.Joints},{stage.Height},{stage.Width}] (the shape fitted on), found float[{shape.Joints},{shape.Height},{shape.Width}]");
            var maps = (stage.Options.InputColumnName, stage.Joints * stage.Height * stage.Width);
            if (stage.Options.MappingColumnName is not { } mapping) return [maps];
            PoseColumnTypes.RequireFloatVector(schema, mapping, 4);
            return [maps, (mapping, 4)];
        }

        private static (string, DataViewType)[] OutputsOf(DomainConversionTransformer stage) => stage.Options.ConfidenceColumnName is { } c
            ? [(stage.Options.OutputColumnName, PoseColumnTypes.Keypoints2D(stage.Joints)), (c, PoseColumnTypes.PerJoint(stage.Joints))]
            : [(stage.Options.OutputColumnName, PoseColumnTypes.Keypoints2D(stage.Joints))];

        public override IBatchWorker CreateWorker() => new Worker(_stage);
    }

    private sealed class Worker(DomainConversionTransformer stage) : IBatchWorker
    {
        public void Map(BatchBuffers batch) => HeatmapConversion.Compute(stage.Options, batch.Input(0), stage.Height, stage.Width,
            batch.FloatOutput(0), stage.Options.ConfidenceColumnName is null ? [] : batch.FloatOutput(1),
            stage.Options.MappingColumnName is null ? [] : batch.Input(1));
    }
}
