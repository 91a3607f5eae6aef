"""People's names for the twenty-first corpus, written out by hand for this corpus (no package's lists): given
names and surnames of the cultures its telecom and utility customers and staff come from, by culture, and which
cultures each country's texts draw on."""

from __future__ import annotations

# culture: (given names, surnames)
CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "english": (
        ("Gemma", "Callum", "Harriet", "Oliver", "Niamh", "Rhys", "Bethany", "Declan", "Imogen", "Stuart", "Joanne",
         "Gareth", "Lydia", "Barry", "Tamsin", "Ewan", "Kirsty", "Nigel", "Phoebe", "Alistair"),
        ("Whitfield", "Pryce", "Cartwright", "Ogden", "Hollis", "Brennan", "Thackeray", "Fairbairn", "Dunmore",
         "Ashworth", "Pemberton", "Sowerby", "Lockhart", "Greaves", "Haworth", "McAllister", "Rowntree", "Bamford"),
    ),
    "irish": (
        ("Aoife", "Cian", "Siobhán", "Eoin", "Gráinne", "Oisín", "Caoimhe", "Ruairí", "Saoirse", "Pádraig", "Clodagh",
         "Donnacha", "Bríd", "Tadhg", "Órla"),
        ("Ó Súilleabháin", "Mac Giolla", "O'Driscoll", "Fitzgerald", "Ní Bhriain", "Keogh", "Madigan", "Dunphy",
         "Moriarty", "Ó Ceallaigh", "Brophy", "Hegarty", "Lynch"),
    ),
    "german": (
        ("Jürgen", "Anneliese", "Torsten", "Heike", "Maximilian", "Sabine", "Lukas", "Dörte", "Friedhelm", "Katrin",
         "Björn", "Ute", "Henrik", "Gudrun", "Matthias"),
        ("Schäfer", "Brandstätter", "Köhler", "Wendt", "Hufnagel", "Löffler", "Reinholz", "Sauerbier", "Grünewald",
         "Oberländer", "Kühn", "Weißenborn", "Pfeiffer", "Tietjen"),
    ),
    "french": (
        ("Amélie", "Thibault", "Ségolène", "Benoît", "Maëlle", "Grégoire", "Anaïs", "Clément", "Hélène", "Jérôme",
         "Solène", "Gaëtan", "Margaux", "Loïc"),
        ("Lefèvre", "Duchâteau", "Marchand", "Rousseau", "Gauthier", "Bérénger", "Tessier", "Lacroix", "Perrault",
         "Fontaine", "Barthélemy", "Chevallier", "Moreau"),
    ),
    "spanish": (
        ("Ainhoa", "Íñigo", "Begoña", "Sergio", "Rocío", "Álvaro", "Nerea", "Joaquín", "Montserrat", "Rubén",
         "Inmaculada", "Xabier", "Lucía"),
        ("Etxeberria", "Villanueva", "Castaño", "Ibáñez", "Requena", "Montoya", "Arrieta", "Cifuentes", "Peñalver",
         "Olmedo", "Garrido", "Zubiri"),
    ),
    "portuguese": (
        ("João", "Inês", "Gonçalo", "Mafalda", "Rui", "Leonor", "Duarte", "Beatriz", "Tiago", "Conceição", "Vasco"),
        ("Magalhães", "Figueiredo", "Carvalho", "Antunes", "Sequeira", "Brandão", "Quintela", "Valente", "Lourenço",
         "Teixeira"),
    ),
    "brazilian": (
        ("Thiago", "Luana", "Wellington", "Fernanda", "Jéssica", "Cauã", "Raimunda", "Anderson", "Gleice", "Edvaldo",
         "Priscila", "Rodrigo"),
        ("Nascimento", "Albuquerque", "Rocha", "Cavalcanti", "dos Santos", "Bezerra", "Pimentel", "Araújo", "Siqueira",
         "Moura", "Damasceno"),
    ),
    "italian": (
        ("Giacomo", "Chiara", "Alessandro", "Federica", "Niccolò", "Serena", "Vittorio", "Ilaria", "Gianluca",
         "Ornella", "Raffaele", "Benedetta"),
        ("Esposito", "Bianchetti", "Colombo", "Ferraro", "Santangelo", "Lombardi", "Caruso", "De Luca", "Marchetti",
         "Galli", "Pellegrino", "Fiorentino"),
    ),
    "dutch": (
        ("Sanne", "Joost", "Femke", "Pieter", "Marloes", "Bram", "Lieke", "Jeroen", "Anouk", "Sjoerd", "Maartje"),
        ("van der Berg", "de Vries", "Bakker", "Hoekstra", "van Dijk", "Mulder", "de Groot", "Visser", "Kuipers",
         "van Leeuwen", "Brouwer", "Smit"),
    ),
    "polish": (
        ("Agnieszka", "Grzegorz", "Małgorzata", "Krzysztof", "Zofia", "Łukasz", "Katarzyna", "Wojciech", "Joanna",
         "Przemysław", "Ewa", "Bartosz"),
        ("Wiśniewski", "Kowalczyk", "Zieliński", "Lewandowska", "Wójcik", "Kamińska", "Szymański", "Dąbrowski",
         "Jankowska", "Mazur", "Krawczyk", "Piątek"),
    ),
    "romanian": (
        ("Ioana", "Mihai", "Andreea", "Bogdan", "Alexandra", "Ștefan", "Roxana", "Cătălin", "Elena", "Radu", "Oana"),
        ("Popescu", "Ionescu", "Dumitrescu", "Stănescu", "Munteanu", "Constantinescu", "Țurcanu", "Georgescu",
         "Marinescu", "Vlădescu"),
    ),
    "zulu_xhosa": (
        ("Thandiwe", "Sipho", "Nomvula", "Lwazi", "Zanele", "Bongani", "Ayanda", "Sibusiso", "Nokuthula", "Mandla",
         "Lindiwe", "Themba", "Khanyisile"),
        ("Mokoena", "Dlamini", "Nkosi", "Ndlovu", "Khumalo", "Mthembu", "Zulu", "Mahlangu", "Ngcobo", "Sithole",
         "Mabaso", "Gumede"),
    ),
    "afrikaans": (
        ("Riaan", "Marelize", "Pieter-Jan", "Annelie", "Wikus", "Elsabé", "Hendrik", "Liezl", "Jaco", "Nadia"),
        ("van der Merwe", "Botha", "Pretorius", "Joubert", "du Plessis", "Steyn", "Coetzee", "Erasmus", "Venter"),
    ),
    "kenyan": (
        ("Wanjiru", "Otieno", "Njeri", "Kipchoge", "Akinyi", "Mwangi", "Chebet", "Odhiambo", "Wairimu", "Kamau",
         "Atieno", "Kiprono"),
        ("Kariuki", "Omondi", "Wambui", "Kiptoo", "Achieng", "Njoroge", "Mutua", "Owino", "Cheruiyot", "Gitau",
         "Wekesa", "Nyambura"),
    ),
    "nigerian": (
        ("Chinedu", "Folasade", "Oluwaseun", "Ngozi", "Emeka", "Adaeze", "Babatunde", "Aisha", "Ifeanyi", "Yetunde",
         "Musa", "Chiamaka", "Tunde"),
        ("Okonkwo", "Adeyemi", "Balogun", "Eze", "Nwosu", "Abubakar", "Oyelaran", "Okafor", "Adebayo", "Ibrahim",
         "Onyekachi", "Olawale"),
    ),
    "indian": (
        ("Priya", "Rahul", "Ananya", "Venkatesh", "Deepika", "Harpreet", "Sandeep", "Lakshmi", "Arjun", "Meenakshi",
         "Abhishek", "Kavitha", "Sourav", "Nandini"),
        ("Raghunathan", "Sharma", "Iyer", "Chatterjee", "Reddy", "Gill", "Nair", "Kulkarni", "Banerjee",
         "Subramanian", "Deshpande", "Patel", "Chowdhury"),
    ),
    "filipino": (
        ("Maricel", "Jericho", "Rowena", "Arnel", "Kristine", "Rommel", "Lorna", "Jomar", "Divina", "Ronaldo"),
        ("Dela Cruz", "Macaraeg", "Villareal", "Bautista", "Magbanua", "Pangilinan", "Soriano", "Manalo",
         "Dimaculangan", "Ocampo"),
    ),
    "mexican": (
        ("Guadalupe", "Jesús", "Ximena", "Rogelio", "Itzel", "Fernando", "Citlali", "Arturo", "Yesenia", "Héctor"),
        ("Hernández", "Ramírez", "Cuauhtémoc", "Villaseñor", "Olvera", "Treviño", "Zavala", "Ochoa", "Tapia",
         "Mendoza"),
    ),
    "american": (
        ("Tyler", "Brianna", "DeShawn", "Kayla", "Cody", "Jasmine", "Travis", "Megan", "Darnell", "Courtney",
         "Hunter", "Shanice"),
        ("Whitaker", "Kowalski", "Jefferson", "McAllister", "Delgado", "Washington", "Hendricks", "Nakamura",
         "Brennan", "Coleman", "Sorensen", "Gutierrez"),
    ),
    "australian": (
        ("Bronwyn", "Lachlan", "Shannon", "Brodie", "Kylie", "Jarrod", "Tegan", "Mitchell", "Narelle", "Hamish"),
        ("Nguyen", "Papadopoulos", "Fitzpatrick", "Henderson", "Tran", "Costello", "Kerrigan", "Stavros",
         "Blackwood", "Lim"),
    ),
}

# Which cultures a country's customers and staff are drawn from (first one the most common).
COUNTRY_CULTURES: dict[str, tuple[str, ...]] = {
    "GB": ("english", "indian", "nigerian", "polish", "irish", "romanian"),
    "IE": ("irish", "polish", "brazilian", "english", "indian"),
    "DE": ("german", "polish", "romanian", "italian"),
    "FR": ("french", "portuguese", "italian", "spanish"),
    "ES": ("spanish", "romanian", "mexican"),
    "PT": ("portuguese", "brazilian"),
    "IT": ("italian", "romanian"),
    "NL": ("dutch", "polish", "german"),
    "PL": ("polish",),
    "RO": ("romanian",),
    "ZA": ("zulu_xhosa", "afrikaans", "english", "indian"),
    "KE": ("kenyan", "indian"),
    "NG": ("nigerian",),
    "IN": ("indian",),
    "PH": ("filipino",),
    "AU": ("australian", "english", "indian", "filipino"),
    "US": ("american", "mexican", "indian", "filipino"),
    "MX": ("mexican",),
    "BR": ("brazilian",),
}
