using IDataView = Microsoft.ML.IDataView;
using Microsoft.ML;
using PoseML.Core;
using PoseML.Pipeline.DataLoading;

namespace PoseML.Cli.Commands;

/// <summary>The data flags of <c>poseml train</c> (<c>--train</c>, <c>--valid</c>, <c>--test</c>) on the library's
/// <see cref="LiftingDataExtensions.LoadLiftingData"/>, with errors naming the flag the user typed.</summary>
internal static class LiftingDataSources
{
    public const string Help = LiftingDataExtensions.SourcesHelp;

    /// <summary>The joined view of the sources given to <paramref name="flag"/>.</summary>
    public static IDataView Load(MLContext mlContext, string flag, IReadOnlyList<string> sources, int stride)
    {
        try
        {
            return mlContext.Data.LoadLiftingData(sources, stride);
        }
        catch (InvalidOptionException e) when (e.Option is "sources" or "stride")
        {
            var name = e.Option == "stride" ? "--stride" : flag;
            throw new InvalidOptionException(name, e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
        }
    }
}
