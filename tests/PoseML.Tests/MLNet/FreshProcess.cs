using System.Diagnostics;
using Microsoft.ML;

namespace PoseML.Tests.MLNet;

/// <summary>Runs tests/PoseML.FreshProcess: loads a saved model in a new process with nothing but
/// <c>mlContext.Model.Load</c> and transforms a data view written in ML.NET's binary format.</summary>
internal static class FreshProcess
{
    public static IDataView Transform(MLContext ml, string modelPath, IDataView input, string workDir)
    {
        var inPath = Path.Combine(workDir, "fresh-in.idv");
        var outPath = Path.Combine(workDir, "fresh-out.idv");
        using (var stream = File.Create(inPath)) ml.Data.SaveAsBinary(input, stream);
        var exe = Path.Combine(AppContext.BaseDirectory, "PoseML.FreshProcess.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { exe, modelPath, inPath, outPath }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"fresh process failed: {stderr.Result}");
        return ml.Data.LoadFromBinary(outPath);
    }

    /// <summary>The float values of a vector column, row after row.</summary>
    public static float[] Floats(IDataView view, string column)
    {
        var col = view.Schema[column];
        var values = new List<float>();
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<Microsoft.ML.Data.VBuffer<float>>(col);
        var buffer = default(Microsoft.ML.Data.VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            values.AddRange(buffer.DenseValues());
        }
        return [.. values];
    }
}
