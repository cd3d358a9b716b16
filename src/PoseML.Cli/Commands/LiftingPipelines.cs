using Microsoft.ML;
using PoseML.Core;
using PoseML.Data;
using PoseML.Stages.Regression;

namespace PoseML.Cli.Commands;

/// <summary>The named ML.NET pipelines of <c>poseml cv</c> and <c>poseml sweep</c> (<c>--model NAME</c>).</summary>
internal static class LiftingPipelines
{
    /// <summary>The only one so far: <c>linear</c> = ML.NET's <c>NormalizeMeanVariance(Keypoints2D, fixZero: false)</c>
    /// (a z-score) then PoseML's closed-form <c>LinearLifter</c>, searched over <see cref="LinearLifterOptions"/>.</summary>
    public const string Linear = "linear";

    /// <summary>One line per pipeline, for help texts.</summary>
    public static string Help => $"Pipeline: {Linear} = z-score Keypoints2D (ML.NET NormalizeMeanVariance, fixZero: false), then ridge regression to Pose3D (LinearLifter)";

    /// <summary>Checks <paramref name="name"/> is a known pipeline.</summary>
    /// <exception cref="InvalidOptionException">Unknown name; the message lists the known ones.</exception>
    public static void Require(string name)
    {
        if (name != Linear) throw new InvalidOptionException("--model", $"unknown model '{name}'; expected one of {Linear}");
    }

    /// <summary>The linear pipeline with <paramref name="options"/>.</summary>
    public static IEstimator<ITransformer> CreateLinear(MLContext ml, LinearLifterOptions options) =>
        ml.Transforms.NormalizeMeanVariance(PoseColumns.Keypoints2D, fixZero: false).Append(ml.Transforms.LinearLifter(options));
}
