using Microsoft.ML;
using Microsoft.ML.Data;
using PoseML.Core;
using PoseML.MLNet;

namespace PoseML.Stages.RarePose;

/// <summary>A fitted rare-pose scorer (see <see cref="RarePoseEstimator"/>): in process it runs
/// <see cref="OccurrenceScorer"/> a batch at a time; saved, exact mode is an ONNX graph holding the reference set.</summary>
public sealed class RarePoseTransformer : PoseTransformerBase
{
    private readonly Lazy<ITransformer> _savedForm;

    internal RarePoseTransformer(OccurrenceScorer scorer, DataViewSchema inputSchema)
    {
        Scorer = scorer;
        _savedForm = new(() => BuildSavedForm(inputSchema));
    }

    /// <summary>The fitted scorer (σ, error bound, reference size).</summary>
    public OccurrenceScorer Scorer { get; }

    /// <summary>The options it was fitted with.</summary>
    public RarePoseOptions Options => Scorer.Options;

    /// <inheritdoc />
    protected override ITransformer SavedForm => _savedForm.Value;

    /// <inheritdoc />
    protected override BatchMapper Bind(DataViewSchema inputSchema) => new Mapper(this, inputSchema);

    /// <summary>The ONNX graph exact mode saves as (one pose [J,3] → occurrence [1]); also usable outside .NET.</summary>
    /// <exception cref="NotSupportedException">The scorer is in fast mode (see <see cref="RarePoseEstimator"/>'s remarks).</exception>
    public byte[] OnnxModel()
    {
        if (Scorer.Mode != OccurrenceMode.Exact)
            throw new NotSupportedException(
                "a fast-mode occurrence scorer cannot be saved: its tricubic density grids need 5-D cubic GridSample, which ONNX Runtime 1.32 "
                + "refuses (\"Only support GridSample Cubic mode in 4-D cases\"), and trilinear sampling would break the stated error bound; "
                + "fit with Mode = OccurrenceMode.Exact (on a subsample if the reference set is large) to save the model");
        return OccurrenceGraph.Build(Scorer, Options.InputColumnName, OccurrenceScalarMapping.VectorColumn);
    }

    private ITransformer BuildSavedForm(DataViewSchema inputSchema)
    {
        var ml = new MLContext(seed: 0);
        var chain = OnnxSavedForm.Estimator(OnnxModel(), [Options.InputColumnName], [OccurrenceScalarMapping.VectorColumn])
            .Append(ml.Transforms.CustomMapping(new OccurrenceScalarMapping().GetMapping(), OccurrenceScalarMapping.ContractName))
            .Append(ml.Transforms.CopyColumns(Options.OutputColumnName, OccurrenceScalarMapping.ScalarColumn))
            .Append(ml.Transforms.DropColumns(OccurrenceScalarMapping.VectorColumn, OccurrenceScalarMapping.ScalarColumn));
        return OnnxSavedForm.Fit(chain, inputSchema);
    }

    private sealed class Mapper : BatchMapper
    {
        private readonly RarePoseTransformer _stage;

        public Mapper(RarePoseTransformer stage, DataViewSchema schema)
            : base(schema, InputsOf(stage, schema), [(stage.Options.OutputColumnName, NumberDataViewType.Single)]) => _stage = stage;

        private static (string, int)[] InputsOf(RarePoseTransformer stage, DataViewSchema schema)
        {
            RarePoseEstimator.RequirePoses(schema, stage.Options.InputColumnName, stage.Scorer.Joints);
            return [(stage.Options.InputColumnName, stage.Scorer.Joints * 3)];
        }

        public override IBatchWorker CreateWorker() => new Worker(_stage.Scorer);
    }

    private sealed class Worker(OccurrenceScorer scorer) : IBatchWorker
    {
        public void Map(BatchBuffers batch) => scorer.Score(batch.Input(0), batch.FloatOutput(0));
    }
}
