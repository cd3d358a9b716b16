using IDataView = Microsoft.ML.IDataView;
using PoseML.Core;
using PoseML.Data.View;
using PoseML.Pipeline;
using PoseML.Pipeline.Persistence;

namespace PoseML.Stages.RarePose;

/// <summary>A fitted rare-pose scorer: adds the occurrence of each pose in the reference set it was fitted on (see
/// <see cref="RarePoseEstimator"/>). Row to row, lazy, persistable (fast mode saves the density grids, exact mode the
/// scaled reference poses).</summary>
[PoseStage(StageTypeName, CurrentFormatVersion)]
public sealed class RarePoseTransformer : ITransformer, IPersistableStage, IHasPoseContext
{
    /// <summary>The saved form's stage type.</summary>
    public const string StageTypeName = "PoseML.RarePose";

    /// <summary>The saved form's version: 1 = options; statistics <c>joints</c>, <c>referenceCount</c> and, per fast-mode
    /// joint, <c>grid.{j}</c> = [originX, originY, originZ, step]; tensors <c>sigma</c> [J], <c>constant</c> [J,3],
    /// and per non-constant joint either <c>grid.{j}</c> [nz, ny, nx] (fast) or <c>reference.{j}</c> [3, M] (exact).</summary>
    public const int CurrentFormatVersion = 1;

    internal RarePoseTransformer(PoseContext context, OccurrenceScorer scorer)
    {
        Context = context;
        Scorer = scorer;
    }

    /// <inheritdoc />
    public PoseContext Context { get; }

    /// <summary>The fitted scorer (σ, error bound, reference size); use it directly on spans.</summary>
    public OccurrenceScorer Scorer { get; }

    /// <summary>The options it was fitted with.</summary>
    public RarePoseOptions Options => Scorer.Options;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public string StageType => StageTypeName;

    /// <inheritdoc />
    public int FormatVersion => CurrentFormatVersion;

    /// <inheritdoc />
    public BatchSchema GetOutputSchema(BatchSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        inputSchema.Require(Options.InputColumnName, ColumnType.Float(Scorer.Joints, 3));
        return inputSchema.With((Options.OutputColumnName, ColumnType.Float()));
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(input.Columns());
        var column = Options.InputColumnName;
        return new MappedDataView(input, [(Options.OutputColumnName, ColumnType.Float())], batch =>
        {
            var scores = new float[batch.RowCount];
            Scorer.Score(batch.GetFloats(column), scores);
            return [ColumnBuffer.Of(scores)];
        }, Context.CancellationToken);
    }

    /// <inheritdoc />
    public void Save(StageWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var joints = Scorer.Joints;
        writer.WriteOptions(Options);
        writer.WriteStatistic("joints", joints);
        writer.WriteStatistic("referenceCount", Scorer.ReferenceCount);
        writer.WriteTensor("sigma", Scorer.Sigma.ToArray(), joints);
        writer.WriteTensor("constant", Scorer.ConstantValues, joints, 3);
        for (var j = 0; j < joints; j++)
        {
            if (Scorer.Grids?[j] is { } g)
            {
                writer.WriteStatistic($"grid.{j}", new[] { g.OriginX, g.OriginY, g.OriginZ, g.Step });
                writer.WriteTensor($"grid.{j}", g.Values, g.Nz, g.Ny, g.Nx);
            }
            else if (Scorer.ScaledReference?[j] is { } r)
            {
                writer.WriteTensor($"reference.{j}", r, 3, r.Length / 3);
            }
        }
    }

    /// <summary>Reads a transformer saved by <see cref="Save"/> (format version 1).</summary>
    public static RarePoseTransformer Load(StageReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var options = reader.ReadOptions<RarePoseOptions>();
        try
        {
            options.Validate();
        }
        catch (InvalidOptionException e)
        {
            throw new DataFormatException(reader.Source, e.Message, field: "options", inner: e);
        }
        var joints = reader.ReadStatistic<int>("joints");
        var referenceCount = reader.ReadStatistic<long>("referenceCount");
        var sigma = reader.ReadFloats("sigma", joints);
        var constant = reader.ReadFloats("constant", joints, 3);
        float[][]? scaled = options.Mode == OccurrenceMode.Exact ? new float[joints][] : null;
        JointDensityGrid?[]? grids = options.Mode == OccurrenceMode.Fast ? new JointDensityGrid?[joints] : null;
        for (var j = 0; j < joints; j++)
        {
            if (sigma[j] == 0) continue;
            if (grids is not null)
            {
                var geometry = reader.ReadStatistic<double[]>($"grid.{j}");
                var shape = reader.ReadTensor($"grid.{j}").Shape;
                if (geometry.Length != 4 || shape.Length != 3)
                    throw new DataFormatException(reader.Source, $"grid {j} must have 4 geometry values and a 3D tensor", field: $"grid.{j}");
                grids[j] = new JointDensityGrid(geometry[0], geometry[1], geometry[2], geometry[3], shape[2], shape[1], shape[0],
                    reader.ReadFloats($"grid.{j}", shape));
            }
            else
            {
                scaled![j] = reader.ReadFloats($"reference.{j}", 3, checked((int)referenceCount));
            }
        }
        return new RarePoseTransformer(reader.Context, OccurrenceScorer.Restore(options, joints, referenceCount, sigma, constant, scaled, grids));
    }
}
