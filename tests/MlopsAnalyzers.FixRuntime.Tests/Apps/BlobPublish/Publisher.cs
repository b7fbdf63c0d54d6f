using System;

namespace BlobPublish;

public static class Publisher
{
    public static void Publish()
    {
        var blob = Blobs.ModelBlob();
        blob.Upload(Trainer.ModelFile, overwrite: true);
        Console.WriteLine("Published the model");
    }
}
