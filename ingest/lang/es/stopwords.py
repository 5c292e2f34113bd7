"""Spanish stop words: the function words the keyword index leaves out."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


# Snowball's Spanish stop list (accents folded), plus the few function words it lacks.
STOP_WORDS = frozenset(
    _words(
        """
        de la que el en y a los del se las por un para con no una su al lo como mas pero sus le ya o este si
        porque esta entre cuando muy sin sobre tambien me hasta hay donde quien desde todo nos durante todos uno
        les ni contra otros ese eso ante ellos e esto mi antes algunos que unos yo otro otras otra el tanto esa
        estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros mi mis tu te ti tu tus
        ellas nosotras vosotros vosotras os mio mia mios mias tuyo tuya tuyos tuyas suyo suya suyos suyas
        nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras esos esas estoy estas esta estamos
        estais estan este estes estemos esteis esten estare estaras estara estaremos estareis estaran estaria
        estarias estariamos estariais estarian estaba estabas estabamos estabais estaban estuve estuviste estuvo
        estuvimos estuvisteis estuvieron estuviera estuvieras estuvieramos estuvierais estuvieran estuviese
        estuvieses estuviesemos estuvieseis estuviesen estando estado estada estados estadas estad he has ha
        hemos habeis han haya hayas hayamos hayais hayan habre habras habra habremos habreis habran habria
        habrias habriamos habriais habrian habia habias habiamos habiais habian hube hubiste hubo hubimos
        hubisteis hubieron hubiera hubieras hubieramos hubierais hubieran hubiese hubieses hubiesemos hubieseis
        hubiesen habiendo habido habida habidos habidas soy eres es somos sois son sea seas seamos seais sean
        sere seras sera seremos sereis seran seria serias seriamos seriais serian era eras eramos erais eran fui
        fuiste fue fuimos fuisteis fueron fuera fueras fueramos fuerais fueran fuese fueses fuesemos fueseis
        fuesen siendo sido tengo tienes tiene tenemos teneis tienen tenga tengas tengamos tengais tengan tendre
        tendras tendra tendremos tendreis tendran tendria tendrias tendriamos tendriais tendrian tenia tenias
        teniamos teniais tenian tuve tuviste tuvo tuvimos tuvisteis tuvieron tuviera tuvieras tuvieramos
        tuvierais tuvieran tuviese tuvieses tuviesemos tuvieseis tuviesen teniendo tenido tenida tenidos tenidas
        tened asi aun cada cual cuales cuyo cuya dicho dicha dichos dichas mediante segun tras via sino pues
        aqui alli ahi
        """
    )
)
