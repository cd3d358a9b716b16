// Usage: PoseML.FreshProcess MODEL.zip INPUT.idv OUTPUT.idv
// Loads MODEL.zip with mlContext.Model.Load, transforms INPUT (ML.NET binary data view) and writes every
// column of the result to OUTPUT. Exit 0 on success; the error's message on stderr and exit 1 otherwise.
using Microsoft.ML;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: PoseML.FreshProcess MODEL.zip INPUT.idv OUTPUT.idv");
    return 2;
}
try
{
    var ml = new MLContext(seed: 0);
    var model = ml.Model.Load(args[0], out _);
    var input = ml.Data.LoadFromBinary(args[1]);
    var output = model.Transform(input);
    using var stream = File.Create(args[2]);
    ml.Data.SaveAsBinary(output, stream, keepHidden: false);
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e.ToString());
    return 1;
}
